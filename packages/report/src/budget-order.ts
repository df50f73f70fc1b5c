import type { Budget } from '@scall/spec';

const KIND_ORDER: Record<Budget['kind'], number> = { 'mean-size': 0, bytes: 1, sparsity: 2 };

function budgetValue(budget: Budget): number {
  switch (budget.kind) {
    case 'mean-size':
      return budget.meanSize;
    case 'bytes':
      return budget.bytes;
    case 'sparsity':
      // A higher sparsity is a smaller budget.
      return budget.maxSize * (1 - budget.sparsity);
  }
}

/** Orders budgets from small to large: mean sizes first, then bytes, then sparsities. */
export function compareBudgets(a: Budget, b: Budget): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || budgetValue(a) - budgetValue(b);
}
