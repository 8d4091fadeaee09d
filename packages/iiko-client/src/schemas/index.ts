export * from './corporate-item';
export * from './incoming-invoice';
export * from './server-info';
export * from './supplier';
export { booleanString, dateTimeString, decimalString, integerString } from './values';
