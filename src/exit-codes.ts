/** lane7's exit codes (README.md, "Commands"). */
export const EXIT = {
  ok: 0,
  /** validate/compose: findings; diff: differences; compose --check: drift. */
  findings: 1,
  /** Usage or input/output error, or an internal error. */
  error: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A known, user-facing failure (bad usage, unreadable input, refused write): printed without a stack. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}
