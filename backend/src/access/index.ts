export * from './policy';
export * from './case-scope';
export * from './statistics-scope';
export * from './intake-scope';
