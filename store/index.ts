export { StoreKey } from './store';
export type { Store, StoreOperation } from './store';
export { MemoryStore } from './memoryStore';
export { LevelStore } from './levelStore';
export type { LevelStoreOptions } from './levelStore';
export { StoreError, StoreErrorCode, isStoreError } from './storeError';
export type { StoreErrorDetail } from './storeError';
