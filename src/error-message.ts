/** The message of anything thrown: an Error, an error-like object (a structured clone, handlebars' own exceptions), or else its text. */
export function errorMessage(error: unknown): string {
  if (
    typeof error === "object" &&
    error !== null &&
    "message" in error &&
    typeof error.message === "string"
  ) {
    return error.message;
  }
  return String(error);
}
