/**
 * `@qmskit/documents`: see the package README.
 *
 * @packageDocumentation
 */
export {};
