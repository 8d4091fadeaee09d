export * from './auth-errors';
export * from './http-errors';
export { IikoError, isIikoError, type IikoErrorCode, type IikoErrorDetails, type IikoRequestInfo } from './iiko-error';
export { IikoInputLimitError, type IikoInputLimit } from './input-limit-error';
export * from './response-errors';
export * from './transport-errors';
export { IikoUnsafeInputError, type IikoUnsafeInputReason } from './unsafe-input-error';
