/**
 * Thrown when a budget cannot give every entity the smallest size: the budget is below
 * `minSize × population`. `shortfall` says by how many parameters.
 */
export class InsufficientBudgetError extends RangeError {
  /** Parameters missing to give every entity `minSize`. */
  readonly shortfall: number;

  constructor(budgetParameters: number, minSize: number, population: number) {
    const needed = minSize * population;
    super(
      `Budget of ${budgetParameters} parameters is below minSize × population = ${minSize} × ${population} = ${needed}: short by ${needed - budgetParameters} parameters`,
    );
    this.name = 'InsufficientBudgetError';
    this.shortfall = needed - budgetParameters;
  }
}
