export * from './corporate-item';
export * from './incoming-invoice';
export * from './server-info';
export * from './supplier';
export * from './licence';
export * from './measure-unit';
export * from './product';
export * from './product-group';
