export * from './corporate-item';
export * from './incoming-invoice';
export * from './server-info';
export * from './supplier';
