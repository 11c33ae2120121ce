/** `compute`'s value, or its exception, as a promise: synchronous work behind an asynchronous interface. */
export function settled<T>(compute: () => T): Promise<T> {
  try {
    return Promise.resolve(compute());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
