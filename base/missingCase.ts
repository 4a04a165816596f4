/** Ends a `switch` over a union: it stops compiling when a case is added and not handled. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
