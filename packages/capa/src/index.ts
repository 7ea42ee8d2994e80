/**
 * `@qmskit/capa`: see the package README.
 *
 * @packageDocumentation
 */
export {};
