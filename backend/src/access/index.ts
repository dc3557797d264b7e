export * from './policy';
export * from './case-scope';
