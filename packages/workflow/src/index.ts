/**
 * `@qmskit/workflow`: see the package README.
 *
 * @packageDocumentation
 */
export {};
