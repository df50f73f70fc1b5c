/** Name of the sparse x dense product kernel registered by {@link registerScallKernels}. */
export const SPARSE_DENSE_MATMUL = 'ScallSparseDenseMatMul';
/** Name of the packed-ragged -> padded-matrix kernel. */
export const RAGGED_TO_PADDED = 'ScallRaggedToPadded';
/** Name of the padded-matrix -> packed-ragged kernel (keeps each row's prefix). */
export const PADDED_TO_RAGGED = 'ScallPaddedToRagged';
/** Name of the row-gather kernel. */
export const GATHER_ROWS = 'ScallGatherRows';
/** Name of the row scatter-add kernel (the gradient of the row gather). */
export const SCATTER_ADD_ROWS = 'ScallScatterAddRows';
/** Name of the fused BPR loss kernel. */
export const BPR_LOSS = 'ScallBprLoss';
/** Name of the fused BPR loss gradient kernel. */
export const BPR_LOSS_GRAD = 'ScallBprLossGrad';
/** Name of the sum-of-squared-rows kernel (the L2 term). */
export const SUM_SQUARED_ROWS = 'ScallSumSquaredRows';
/** Name of the gradient kernel of the sum of squared rows. */
export const SUM_SQUARED_ROWS_GRAD = 'ScallSumSquaredRowsGrad';
