/** Named limits shared by the worker and the extension. Units are last in every name. */

/** The largest request body the worker reads. */
export const BODY_SIZE_MAX_BYTES = 64 * 1024;
