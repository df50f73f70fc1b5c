import type { AllocationRequest } from '@scall/spec';
import { InsufficientBudgetError } from './insufficient-budget-error.js';

/** The validated numbers of an allocation request (internal). */
export interface CheckedRequest {
  readonly budget: number;
  readonly minSize: number;
  readonly maxSize: number;
  readonly nUsers: number;
  readonly nItems: number;
}

/** Validates an allocation request, naming the allocator and the option at fault (internal). */
export function checkRequest(allocator: string, request: AllocationRequest): CheckedRequest {
  const { budgetParameters: budget, minSize, maxSize } = request;
  if (!(Number.isInteger(minSize) && minSize >= 1)) {
    throw new RangeError(`${allocator} allocator: minSize must be an integer >= 1 (got ${minSize})`);
  }
  if (!(Number.isInteger(maxSize) && maxSize >= minSize)) {
    throw new RangeError(`${allocator} allocator: maxSize must be an integer >= minSize = ${minSize} (got ${maxSize})`);
  }
  if (!(Number.isSafeInteger(budget) && budget >= 0)) {
    throw new RangeError(`${allocator} allocator: budgetParameters must be a non-negative integer (got ${budget})`);
  }
  if (request.userShare !== undefined && !(request.userShare >= 0 && request.userShare <= 1)) {
    throw new RangeError(`${allocator} allocator: userShare must be in [0, 1] (got ${request.userShare})`);
  }
  checkFrequencies(allocator, 'userFrequencies', request.userFrequencies);
  checkFrequencies(allocator, 'itemFrequencies', request.itemFrequencies);
  const nUsers = request.userFrequencies.length;
  const nItems = request.itemFrequencies.length;
  if (budget < minSize * (nUsers + nItems)) throw new InsufficientBudgetError(budget, minSize, nUsers + nItems);
  return { budget, minSize, maxSize, nUsers, nItems };
}

function checkFrequencies(allocator: string, option: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const f = values[i];
    if (!(f >= 0 && f < Infinity)) throw new RangeError(`${allocator} allocator: ${option}[${i}] is ${f}; frequencies must be finite and >= 0`);
  }
}
