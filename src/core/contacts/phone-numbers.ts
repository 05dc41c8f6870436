/**
 * The contacts module's second, narrow face: reading phone numbers, and nothing else, for a
 * thread that only reads numbers (the import's CSV reader). Loading `index.ts` there would load the
 * whole module, and hold some 17 MB more in that thread's heap for nothing.
 */
export { isCountryCode, normaliseNumber, type NumberProblem } from './domain/phone-normalisation.js';
