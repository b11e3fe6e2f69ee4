// What request-path features (limits, faults, journal, meter) learn about a request and leave on it for each other.

declare module 'fastify' {
  interface FastifyRequest {
    /** The protocol surface and operation, e.g. `xml:readByQuery` or `rest:query`, once known. */
    lqOperation?: string;
    /** The caller's company id (e.g. `demo`), once its credentials or token were read. */
    lqCompany?: string;
    /** The fault rule that fired on this request, for the request journal. */
    lqFault?: { readonly id: string; readonly description: string };
  }
}

export {};
