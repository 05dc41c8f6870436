import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema.js';

/** Compiled SQL by dialect (its adapter, one per database) and by shape. */
const compiledByDialect = new WeakMap<object, Map<string, string>>();
/** Shapes are few (a statement and a row count); the bound only guards against a caller that is not. */
const maxShapes = 1_000;

/**
 * Runs a hot statement whose SQL text depends only on its shape (which statement, how many rows).
 * Kysely builds and compiles it the first time a shape is met on a database; afterwards only the
 * parameters change, and building and compiling (tens of µs for a batch of rows) are skipped. That
 * first time also checks that `parameters` are exactly the values Kysely binds, in its order, so a
 * caller that lists them wrongly fails at once instead of writing the wrong columns.
 *
 * Every parameter must be a value: `undefined` would make Kysely write DEFAULT, a different shape.
 */
export async function executeShaped<Row>(db: Kysely<Database>, shape: string, parameters: readonly unknown[], compile: () => CompiledQuery<Row>): Promise<QueryResult<Row>> {
  if (parameters.includes(undefined)) return db.executeQuery(compile());
  const { adapter } = db.getExecutor();
  let shapes = compiledByDialect.get(adapter);
  if (shapes === undefined) {
    shapes = new Map();
    compiledByDialect.set(adapter, shapes);
  }
  const known = shapes.get(shape);
  if (known !== undefined) return db.executeQuery<Row>(CompiledQuery.raw(known, [...parameters]));
  const compiled = compile();
  const bound = compiled.parameters;
  if (bound.length !== parameters.length || bound.some((value, index) => !Object.is(value, parameters[index]))) {
    throw new Error(`statement shape '${shape}': the parameters given are not the ones its query binds`);
  }
  if (shapes.size < maxShapes) shapes.set(shape, compiled.sql);
  return db.executeQuery(compiled);
}
