/** Kept apart from validate.ts so that defining the CLI does not load the validator. */
export const VALIDATE_FORMATS = ["human", "json", "github", "sarif"] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];
