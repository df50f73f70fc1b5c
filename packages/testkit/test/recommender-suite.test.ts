import { createMockRecommender, describeRecommender } from '../src/index.js';

// The suite runs against the JavaScript mock recommender: a non-tfjs implementation of
// RecommenderV1 must be able to pass it.
describeRecommender('mock recommender', () => createMockRecommender());
