import type { EvaluationResult, RecommenderV1, StreamSegment } from '@scall/spec';

/**
 * A small, unoptimised Recall@K / NDCG@K evaluation over a segment's test part
 * (candidates: every known item; graph items masked), for suites and mocks that must not
 * depend on `@scall/evaluation`. Not for real measurements.
 */
export async function evaluateWithScores(recommender: RecommenderV1, segment: StreamSegment, k = 20): Promise<EvaluationResult> {
  const relevant = new Map<number, Set<number>>();
  for (let r = 0; r < segment.test.length; r++) {
    const u = segment.test.users[r];
    if (!relevant.has(u)) relevant.set(u, new Set());
    relevant.get(u)!.add(segment.test.items[r]);
  }
  const seen = new Map<number, Set<number>>();
  for (let r = 0; r < segment.graph.length; r++) {
    const u = segment.graph.users[r];
    if (!relevant.has(u)) continue;
    if (!seen.has(u)) seen.set(u, new Set());
    seen.get(u)!.add(segment.graph.items[r]);
  }
  const items = Int32Array.from({ length: segment.numItems }, (_, i) => i);
  let recall = 0;
  let ndcg = 0;
  for (const [user, rel] of relevant) {
    const scores = recommender.score(Int32Array.of(user), items);
    const masked = seen.get(user);
    const ranked = Array.from(items)
      .filter((i) => !masked?.has(i))
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, k);
    let hits = 0;
    let dcg = 0;
    ranked.forEach((item, rank) => {
      if (rel.has(item)) {
        hits++;
        dcg += 1 / Math.log2(rank + 2);
      }
    });
    let idcg = 0;
    for (let i = 0; i < Math.min(rel.size, k); i++) idcg += 1 / Math.log2(i + 2);
    recall += hits / rel.size;
    ndcg += idcg > 0 ? dcg / idcg : 0;
  }
  const users = relevant.size;
  const meanRecall = users ? recall / users : 0;
  const meanNdcg = users ? ndcg / users : 0;
  return {
    split: 'test',
    candidates: 'catalogue',
    ks: [k],
    metrics: { recall: { [k]: meanRecall }, ndcg: { [k]: meanNdcg } },
    fitness: (meanRecall + meanNdcg) / 2,
    users,
  };
}
