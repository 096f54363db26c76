// Generated from spec/openapi.yaml by scripts/generate.mjs (openapi-typescript). Do not edit.
export interface paths {
    "/v2.0/endpoints/{endpointId}/apikeys": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The Id of the Endpoint. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 64f1c2a9b8e7d6c5b4a39281
                 */
                endpointId: components["parameters"]["EndpointId"];
            };
            cookie?: never;
        };
        /**
         * List the Endpoint's API keys
         * @description Lists the metadata of the Endpoint's API keys, oldest first (by `createdAt`, then `_id` in ASCII order), one page at
         *     a time. Items never carry the plaintext key. Pass a page's `nextCursor` as `next` (or its
         *     `previousCursor` as `previous`) to walk the list; cursors are opaque and stay valid when keys are
         *     created or revoked in between: a cursor marks a position between keys, not an offset, so a walk sees
         *     every key that exists throughout it exactly once, in order, and no key revoked before it reached it. Passing both `next` and `previous` is `400`; a cursor this server
         *     did not issue is `400` (one issued for another Endpoint: see "Inputs the rules above leave open" in the
         *     document's description). Keys created within one second are ordered by `_id`, which need not grow with time.
         *     Query parameters not documented here are ignored.
         */
        get: operations["listEndpointApiKeys"];
        put?: never;
        /**
         * Create an Endpoint API Key
         * @description Creates an API key for the Endpoint. The response carries the plaintext `key`: it is returned
         *     exactly once, here, and is never persisted and never returned by any other route. The server stores
         *     a digest of the key, its preview, the name and the creation time.
         */
        post: operations["createEndpointApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2.0/endpoints/{endpointId}/apikeys/{apiKeyId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The Id of the Endpoint. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 64f1c2a9b8e7d6c5b4a39281
                 */
                endpointId: components["parameters"]["EndpointId"];
                /**
                 * @description The `_id` of the Endpoint API Key. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 650a8d2c6f1e4b0012ab34cd
                 */
                apiKeyId: components["parameters"]["ApiKeyId"];
            };
            cookie?: never;
        };
        /**
         * Read one Endpoint API Key's metadata
         * @description Returns the key's metadata. The plaintext key is never part of it. A key belongs to one Endpoint: through
         *     any other Endpoint's path it is `404` for reading and for revoking, and no other Endpoint lists it (OWASP API
         *     Security Top 10 2023, API1 Broken Object Level Authorization).
         */
        get: operations["readEndpointApiKey"];
        put?: never;
        post?: never;
        /**
         * Revoke an Endpoint API Key
         * @description Revokes the key. Afterwards reading it is `404`, it is no longer listed, and deleting it again is
         *     `404`. The response has no body, so `Accept` is not negotiated.
         */
        delete: operations["deleteEndpointApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description A 24-character identifier of lowercase letters and digits. A key's `_id` is its own among the keys of
         *     every Endpoint (ids are global, like the MongoDB ObjectIds of the seed document), although every route
         *     reaches a key through its Endpoint; an Endpoint's id is likewise its own.
         * @example 650a8d2c6f1e4b0012ab34cd
         */
        ObjectId: string;
        /**
         * @description Customer-provided display name for the key: 1 to 128 code points. Stricter than the seed (which sets no
         *     limits) so that every accepted name round-trips through all five representations unchanged.
         *
         *     A name is refused when it contains, anywhere, a code point of a range marked "anywhere" below, or when
         *     its first or last code point is in a range marked "at either end". Those are the white space characters
         *     not already refused anywhere: exactly what ECMAScript's `\s` (ECMA-262 WhiteSpace and LineTerminator)
         *     matches beyond the "anywhere" rows, that is Unicode's White_Space characters plus U+FEFF. The same
         *     ranges, inclusive, are in `x-code-points` as data for tools: `refusedAnywhere` and `refusedAtEdges`,
         *     each a list of `[first, last]` pairs written `U+XXXX`.
         *
         *     | First | Last | Refused | What |
         *     |---|---|---|---|
         *     | U+0000 | U+001F | anywhere | C0 control characters (Cc) |
         *     | U+007F | U+009F | anywhere | DELETE and C1 control characters (Cc) |
         *     | U+2028 | U+2028 | anywhere | LINE SEPARATOR (Zl) |
         *     | U+2029 | U+2029 | anywhere | PARAGRAPH SEPARATOR (Zp) |
         *     | U+D800 | U+DFFF | anywhere | surrogates (Cs): a lone `\uD800`–`\uDFFF` escape in the JSON text |
         *     | U+FFFE | U+FFFF | anywhere | noncharacters XML 1.0 cannot carry |
         *     | U+0020 | U+0020 | at either end | SPACE |
         *     | U+00A0 | U+00A0 | at either end | NO-BREAK SPACE |
         *     | U+1680 | U+1680 | at either end | OGHAM SPACE MARK |
         *     | U+2000 | U+200A | at either end | EN QUAD to HAIR SPACE |
         *     | U+202F | U+202F | at either end | NARROW NO-BREAK SPACE |
         *     | U+205F | U+205F | at either end | MEDIUM MATHEMATICAL SPACE |
         *     | U+3000 | U+3000 | at either end | IDEOGRAPHIC SPACE |
         *     | U+FEFF | U+FEFF | at either end | ZERO WIDTH NO-BREAK SPACE (byte order mark) |
         *
         *     The `pattern` states the same rule in a portable subset of regular expressions: `^`, `$`, `(?:…)`, `|`,
         *     `?`, `*` and character classes of `\uXXXX` escapes only; no look-around, no `\p{…}`, no `\s`. It reads
         *     the same in ECMA-262 with and without the `u` flag and in Python `re`. Its shape is `^E(?:A*E)?$`: a code
         *     point allowed at an edge (E), then optionally any allowed code points (A) and a last E. Each E or A is a
         *     negated class, which refuses only BMP code points so it also matches every astral character in an
         *     engine that reads code points, or a high surrogate followed by a low surrogate, which is how an engine
         *     that reads UTF-16 code units (ECMAScript without `u`) sees an astral character; a lone surrogate matches
         *     neither. Porting notes: Go (RE2) writes `\x{XXXX}` for each `\uXXXX` (and Go's `encoding/json` turns
         *     a lone surrogate escape into U+FFFD, so a Go server must refuse lone surrogates before decoding);
         *     Python's `$` also matches before a final line feed, so anchor with `re.fullmatch` (or write `\Z` for
         *     `$`): `re.search`, which Python JSON Schema validators use, accepts a valid name followed by U+000A.
         * @example My CRM webhook
         */
        KeyName: string;
        /**
         * @description The plaintext API key: 32 random bytes as 64 lowercase hex characters (stricter than the seed, which
         *     only says string). Returned exactly once. The caller must persist it client-side; the server will
         *     not show it again.
         * @example 8a4fcd9b2e5f17b03f9c4a6d7c2e5f17b03f9c4a6d7c2e5f17b03f9c4a6d7c2e
         */
        ApiKeyPlaintext: string;
        /**
         * @description Masked preview of the plaintext key, captured at generation time: the key's first 4 characters,
         *     exactly eight U+2022 BULLET characters, and the key's last 4 characters (the seed's example shape,
         *     made exact here). `x-preview` states the same rule as data, for tools; the pattern enforces its shape.
         * @example 8a4f••••••••7c2e
         */
        KeyPreview: string;
        /**
         * Format: int32
         * @description Unix time in seconds (not milliseconds) when the key was created. Marked `x-unix-time` so a tool can
         *     check it against the time of the request (allowing for clock skew). Values of different keys need not
         *     follow the order they were created in: servers behind one address may have clocks that differ a little.
         * @example 1694518620
         */
        UnixTimestamp: number;
        /**
         * @description An opaque pagination cursor (URL-safe characters only).
         * @example eyJjIjoxNjk0NTE4NjIwfQ
         */
        Cursor: string;
        /** @description Request body for creating a new Endpoint API Key. Properties other than `name` are refused. */
        CreateEndpointApiKeyRequest: {
            name: components["schemas"]["KeyName"];
        };
        /**
         * @description Response body returned exactly once at creation time. The plaintext key is never persisted and
         *     never returned by any other route. All five fields are required (the seed leaves them optional).
         */
        EndpointApiKeyCreated: {
            key: components["schemas"]["ApiKeyPlaintext"];
            _id: components["schemas"]["ObjectId"];
            name: components["schemas"]["KeyName"];
            keyPreview: components["schemas"]["KeyPreview"];
            createdAt: components["schemas"]["UnixTimestamp"];
        };
        /** @description An Endpoint API Key's metadata. It never carries the plaintext key (a `key` property makes it invalid). */
        EndpointApiKeyMetadata: {
            _id: components["schemas"]["ObjectId"];
            name: components["schemas"]["KeyName"];
            keyPreview: components["schemas"]["KeyPreview"];
            createdAt: components["schemas"]["UnixTimestamp"];
        };
        /** @description One page of key metadata, oldest first. */
        EndpointApiKeyList: {
            items: components["schemas"]["EndpointApiKeyMetadata"][];
            /**
             * Format: int64
             * @description The number of the Endpoint's keys (all pages). At most 2^53 - 1, so every JSON reader reads it exactly
             *     (RFC 8259 §6).
             */
            total: number;
            /** @description Cursor of the following page, or null on the last page. */
            nextCursor: components["schemas"]["Cursor"] | null;
            /** @description Cursor of the preceding page, or null on the first page. */
            previousCursor: components["schemas"]["Cursor"] | null;
        };
        HalLink: {
            /** Format: uri-reference */
            href: string;
        };
        HalSelfLinks: {
            self: components["schemas"]["HalLink"];
        };
        /** @description `next` is present exactly when `nextCursor` is not null, `prev` exactly when `previousCursor` is not null. */
        HalListLinks: {
            self: components["schemas"]["HalLink"];
            next?: components["schemas"]["HalLink"];
            prev?: components["schemas"]["HalLink"];
        };
        /** @description The create response as HAL. Carries the plaintext key exactly like the JSON representation. */
        HalEndpointApiKeyCreated: {
            key: components["schemas"]["ApiKeyPlaintext"];
            _id: components["schemas"]["ObjectId"];
            name: components["schemas"]["KeyName"];
            keyPreview: components["schemas"]["KeyPreview"];
            createdAt: components["schemas"]["UnixTimestamp"];
            _links: components["schemas"]["HalSelfLinks"];
        };
        /** @description Key metadata as HAL. */
        HalEndpointApiKeyMetadata: {
            _id: components["schemas"]["ObjectId"];
            name: components["schemas"]["KeyName"];
            keyPreview: components["schemas"]["KeyPreview"];
            createdAt: components["schemas"]["UnixTimestamp"];
            _links: components["schemas"]["HalSelfLinks"];
        };
        /** @description A page as HAL. */
        HalEndpointApiKeyList: {
            items: components["schemas"]["HalEndpointApiKeyMetadata"][];
            /** Format: int64 */
            total: number;
            nextCursor: components["schemas"]["Cursor"] | null;
            previousCursor: components["schemas"]["Cursor"] | null;
            _links: components["schemas"]["HalListLinks"];
        };
        /**
         * @description An RFC 4180 document with a header row. The row schema named by the media type's `x-csv-row` gives the
         *     columns (its property names, in declared order) and validates each row once read back; integer columns
         *     are written in decimal. Every field of a row is bounded, and a page has at most 100 rows, so a document
         *     stays far below `maxLength`.
         */
        CsvDocument: string;
        /** @description RFC 9457 problem details, with the request's `traceId` for log correlation. */
        Problem: {
            /**
             * Format: uri-reference
             * @description Identifies the problem type.
             */
            type: string;
            /** @description Short, human-readable summary of the problem type. */
            title: string;
            /** Format: int32 */
            status: number;
            /** @description Human-readable explanation of this occurrence. Never contains a key or an X-API-Key value. */
            detail: string;
            /**
             * Format: uri-reference
             * @description The request path (without the query string).
             */
            instance: string;
            /** @description W3C Trace Context trace-id of the request. */
            traceId: string;
            /** @description Offending inputs (always present on `400`, with at least one entry; not necessarily all of them). */
            errors?: components["schemas"]["FieldError"][];
        };
        /** @description A `400` problem; `errors` lists at least one offending input, and only offending inputs. */
        ValidationProblem: components["schemas"]["Problem"] & {
            errors: unknown;
        };
        /**
         * @description One offending input: where it is (`in`: path, query, header, body or method), its `name`, and a `message`.
         *     The members are declared in two `allOf` parts, the location and the rest, so that no single object of this
         *     document has both an `in` and a `name` member. That is the whole reason for the split, and the wire format
         *     is unchanged: Spectral's OWASP ruleset (`owasp:api2:2023-no-credentials-in-url`, JSONPath
         *     `$..parameters[?(@.in.match(…))].name`, run by nimma 0.2.3) evaluates its filter on the parent of every
         *     `name` member of the document before checking that it sits under `parameters`, and throws on an object
         *     whose `in` is not a string, such as a `properties` object declaring both. Renaming `in` on the wire would
         *     have broken every implementation's `400` to work around a linter bug; see the README (Lint).
         */
        FieldError: {
            /** @enum {string} */
            in: "path" | "query" | "header" | "body" | "method";
        } & {
            /**
             * @description The parameter name, or a JSON Pointer (RFC 6901) into the body: to the offending value or to an object
             *     that contains it (`""` for the body as a whole; a missing property is named by its own pointer or its
             *     parent's).
             */
            name: string;
            message: string;
        };
    };
    responses: {
        /**
         * @description Malformed path parameter, malformed query parameter, malformed JSON, or a body that does not match
         *     the request schema (missing `name`, wrong type, unknown property, name outside its limits). Also a
         *     request that cannot be read as HTTP/1.1 at all (e.g. an oversized header section); that answer closes
         *     the connection. A JSON body with duplicate member names is read as ECMAScript `JSON.parse` reads it
         *     (the last one wins; RFC 8259 §4 leaves this to implementations).
         */
        BadRequest: {
            headers: {
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:apikeys-kit:problem:invalid-request",
                 *       "title": "The request is invalid",
                 *       "status": 400,
                 *       "detail": "The request body does not match the schema.",
                 *       "instance": "/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys",
                 *       "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
                 *       "errors": [
                 *         {
                 *           "in": "body",
                 *           "name": "/name",
                 *           "message": "must NOT have fewer than 1 characters"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["ValidationProblem"];
            };
        };
        /**
         * @description `X-API-Key` is missing or wrong. Both cases get the same body, so the answer does not tell them apart: the
         *     same members with the same values, apart from `traceId` and any member whose value changes per request
         *     (RFC 9457 §3.2 extension members such as a timestamp).
         */
        Unauthorized: {
            headers: {
                /**
                 * @description The challenge a 401 must carry (RFC 9110 §11.6.1). The scheme is `APIKey` (a token, RFC 9110 §11.1)
                 *     and its `header` parameter names the header that carries the key. A fixed value, sent exactly as
                 *     written here, so it says nothing about why the request failed.
                 * @example APIKey header="X-API-Key"
                 */
                "WWW-Authenticate": "APIKey header=\"X-API-Key\"";
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:apikeys-kit:problem:unauthorized",
                 *       "title": "Authentication required",
                 *       "status": 401,
                 *       "detail": "A valid X-API-Key header is required.",
                 *       "instance": "/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys",
                 *       "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The Endpoint, or the key, does not exist (or the key was revoked). */
        NotFound: {
            headers: {
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:apikeys-kit:problem:not-found",
                 *       "title": "Not found",
                 *       "status": 404,
                 *       "detail": "No Endpoint API Key 650a8d2c6f1e4b0012ab34cd on this Endpoint.",
                 *       "instance": "/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys/650a8d2c6f1e4b0012ab34cd",
                 *       "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description None of the five media types is acceptable per the `Accept` header (RFC 9110 §15.5.7). */
        NotAcceptable: {
            headers: {
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:apikeys-kit:problem:not-acceptable",
                 *       "title": "Not acceptable",
                 *       "status": 406,
                 *       "detail": "Acceptable media types are: application/json, application/hal+json, application/xml, text/xml, text/csv.",
                 *       "instance": "/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys",
                 *       "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body is larger than the operation's `x-max-body-bytes` (RFC 9110 §15.5.14). */
        ContentTooLarge: {
            headers: {
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:apikeys-kit:problem:content-too-large",
                 *       "title": "Content too large",
                 *       "status": 413,
                 *       "detail": "The request body exceeds 8192 bytes.",
                 *       "instance": "/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys",
                 *       "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body is not `application/json` in UTF-8 (RFC 9110 §15.5.16). */
        UnsupportedMediaType: {
            headers: {
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:apikeys-kit:problem:unsupported-media-type",
                 *       "title": "Unsupported media type",
                 *       "status": 415,
                 *       "detail": "The request body must be application/json.",
                 *       "instance": "/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys",
                 *       "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description Too many requests (RFC 6585 §4). An implementation MAY limit the rate of requests (per client, per API key,
         *     per Endpoint; this contract sets no limits) and answer `429` instead of any operation's usual answer, at any
         *     point of the order of checks. A request answered `429` had no effect: a create answered `429` stored no
         *     key. `Retry-After` says when to try again. Marked `x-optional`: an implementation need never send it (the
         *     reference server does not), so tools do not expect to observe it.
         */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:apikeys-kit:problem:too-many-requests",
                 *       "title": "Too many requests",
                 *       "status": 429,
                 *       "detail": "Too many requests; retry after 30 seconds.",
                 *       "instance": "/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys",
                 *       "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description An unexpected server error. A conforming implementation is never observed sending one; it is
         *     documented so that clients know its shape (problem+json, no stack trace, no secret).
         */
        UnexpectedError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "urn:apikeys-kit:problem:internal-error",
                 *       "title": "Internal server error",
                 *       "status": 500,
                 *       "detail": "An unexpected error occurred. Quote the traceId when reporting it.",
                 *       "instance": "/v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys",
                 *       "traceId": "4bf92f3577b34da6a3ce929d0e0e4736"
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description The Id of the Endpoint. Malformed is `400`; well-formed but unknown is `404`.
         * @example 64f1c2a9b8e7d6c5b4a39281
         */
        EndpointId: components["schemas"]["ObjectId"];
        /**
         * @description The `_id` of the Endpoint API Key. Malformed is `400`; well-formed but unknown is `404`.
         * @example 650a8d2c6f1e4b0012ab34cd
         */
        ApiKeyId: components["schemas"]["ObjectId"];
        /**
         * @description The media type the client expects in the response. Available options: application/json,
         *     application/hal+json, application/xml, text/xml, text/csv. The default value is application/json.
         *     A full RFC 9110 §12.5.1 list with quality values and wildcards is honoured; when none of the
         *     five is acceptable the answer is `406`. A value longer than 8192 characters cannot fit in the header
         *     section every implementation accepts (`x-request-limits`); such a request may be refused like any larger
         *     header section.
         *     (OpenAPI 3.1 §4.8.12.1 says tools ignore a parameter named Accept; it is listed here, as in the seed,
         *     for readers. The schema is a plain string because a real Accept value is a list, not one of the five.)
         */
        Accept: string;
        /**
         * @description Page size.
         * @example 25
         */
        Limit: number;
        /** @description The `nextCursor` of the previous page. Opaque. Not together with `previous`. */
        NextCursor: components["schemas"]["Cursor"];
        /** @description The `previousCursor` of the current page. Opaque. Not together with `next`. */
        PreviousCursor: components["schemas"]["Cursor"];
    };
    requestBodies: never;
    headers: {
        /**
         * @description When to retry (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date in the IMF-fixdate form senders
         *     generate. Required on a `429`, so a client can back off instead of polling.
         * @example 30
         */
        RetryAfter: string;
        /**
         * @description The client's remaining quota under the server's rate-limit policies (draft-ietf-httpapi-ratelimit-headers,
         *     a Structured Field, RFC 9651), for example `"default";r=49;t=30`. Optional on every response: an
         *     implementation that limits the rate of requests may send it (see `429`); this contract sets no limits.
         * @example "default";r=49;t=30
         */
        RateLimit: string;
        /**
         * @description The server's rate-limit policies (draft-ietf-httpapi-ratelimit-headers, a Structured Field, RFC 9651), for
         *     example `"default";q=50;w=60`. Optional, like `RateLimit`.
         * @example "default";q=50;w=60
         */
        RateLimitPolicy: string;
        /**
         * @description The new key's URL (the `readEndpointApiKey` route for its `_id`), as an absolute URI or a URI
         *     reference resolved against the request URL (RFC 9110 §10.2.2); either way it gives the scheme, host and
         *     path the client used (behind a proxy, the client-facing ones). Never contains the key.
         * @example /v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys/650a8d2c6f1e4b0012ab34cd
         */
        Location: string;
        /**
         * @description The body carries a secret, so no cache may store it (RFC 9111 §5.2.2.5; OWASP REST Security Cheat
         *     Sheet). The directive list must contain `no-store` (directive names are case-insensitive, RFC 9111 §5.2).
         * @example no-store
         */
        CacheControlNoStore: string;
        /**
         * @description The representation depends on `Accept` (RFC 9110 §12.5.5), so `Vary` lists `Accept` (or is `*`).
         * @example Accept
         */
        VaryAccept: string;
        /**
         * @description Pagination links (RFC 8288) with `rel="next"` and `rel="prev"`, present exactly when the page has the
         *     corresponding cursor. It is the only place a CSV client finds the cursors. Like HAL's `_links.next` and
         *     `_links.prev`, each link leads to this Endpoint's list (giving the scheme, host and path the client used)
         *     with the page's `limit` (it may be left out when it is the default) and a cursor that gives the same page
         *     as the body's (the same string, or another one: cursors are opaque).
         * @example </v2.0/endpoints/64f1c2a9b8e7d6c5b4a39281/apikeys?limit=25&next=eyJjIjoxNjk0NTE4NjIwfQ>; rel="next"
         */
        Link: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listEndpointApiKeys: {
        parameters: {
            query?: {
                /**
                 * @description Page size.
                 * @example 25
                 */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page. Opaque. Not together with `previous`. */
                next?: components["parameters"]["NextCursor"];
                /** @description The `previousCursor` of the current page. Opaque. Not together with `next`. */
                previous?: components["parameters"]["PreviousCursor"];
            };
            header?: {
                /**
                 * @description The media type the client expects in the response. Available options: application/json,
                 *     application/hal+json, application/xml, text/xml, text/csv. The default value is application/json.
                 *     A full RFC 9110 §12.5.1 list with quality values and wildcards is honoured; when none of the
                 *     five is acceptable the answer is `406`. A value longer than 8192 characters cannot fit in the header
                 *     section every implementation accepts (`x-request-limits`); such a request may be refused like any larger
                 *     header section.
                 *     (OpenAPI 3.1 §4.8.12.1 says tools ignore a parameter named Accept; it is listed here, as in the seed,
                 *     for readers. The schema is a plain string because a real Accept value is a list, not one of the five.)
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The Id of the Endpoint. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 64f1c2a9b8e7d6c5b4a39281
                 */
                endpointId: components["parameters"]["EndpointId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the Endpoint's API keys (metadata only). */
            200: {
                headers: {
                    Vary: components["headers"]["VaryAccept"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    Link: components["headers"]["Link"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointApiKeyList"];
                    "application/hal+json": components["schemas"]["HalEndpointApiKeyList"];
                    "application/xml": components["schemas"]["EndpointApiKeyList"];
                    "text/xml": components["schemas"]["EndpointApiKeyList"];
                    "text/csv": components["schemas"]["CsvDocument"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    createEndpointApiKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The media type the client expects in the response. Available options: application/json,
                 *     application/hal+json, application/xml, text/xml, text/csv. The default value is application/json.
                 *     A full RFC 9110 §12.5.1 list with quality values and wildcards is honoured; when none of the
                 *     five is acceptable the answer is `406`. A value longer than 8192 characters cannot fit in the header
                 *     section every implementation accepts (`x-request-limits`); such a request may be refused like any larger
                 *     header section.
                 *     (OpenAPI 3.1 §4.8.12.1 says tools ignore a parameter named Accept; it is listed here, as in the seed,
                 *     for readers. The schema is a plain string because a real Accept value is a list, not one of the five.)
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The Id of the Endpoint. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 64f1c2a9b8e7d6c5b4a39281
                 */
                endpointId: components["parameters"]["EndpointId"];
            };
            cookie?: never;
        };
        /**
         * @description Request body for creating a new Endpoint API Key. Only `application/json` (UTF-8; a `charset`
         *     parameter other than `utf-8` is refused) is accepted: anything else is `415`. A body larger than
         *     `x-max-body-bytes` bytes is `413`, answered without reading past the limit. Malformed JSON, a
         *     missing or invalid `name` and properties other than `name` are `400`. A body without `Content-Type`
         *     is `415`, or read as JSON (RFC 9110 §8.3 lets a server examine the data).
         */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateEndpointApiKeyRequest"];
            };
        };
        responses: {
            /** @description The Endpoint API Key was created. The plaintext key is returned exactly once. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Cache-Control": components["headers"]["CacheControlNoStore"];
                    Vary: components["headers"]["VaryAccept"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointApiKeyCreated"];
                    "application/hal+json": components["schemas"]["HalEndpointApiKeyCreated"];
                    "application/xml": components["schemas"]["EndpointApiKeyCreated"];
                    "text/xml": components["schemas"]["EndpointApiKeyCreated"];
                    "text/csv": components["schemas"]["CsvDocument"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["ContentTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    readEndpointApiKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The media type the client expects in the response. Available options: application/json,
                 *     application/hal+json, application/xml, text/xml, text/csv. The default value is application/json.
                 *     A full RFC 9110 §12.5.1 list with quality values and wildcards is honoured; when none of the
                 *     five is acceptable the answer is `406`. A value longer than 8192 characters cannot fit in the header
                 *     section every implementation accepts (`x-request-limits`); such a request may be refused like any larger
                 *     header section.
                 *     (OpenAPI 3.1 §4.8.12.1 says tools ignore a parameter named Accept; it is listed here, as in the seed,
                 *     for readers. The schema is a plain string because a real Accept value is a list, not one of the five.)
                 */
                Accept?: components["parameters"]["Accept"];
            };
            path: {
                /**
                 * @description The Id of the Endpoint. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 64f1c2a9b8e7d6c5b4a39281
                 */
                endpointId: components["parameters"]["EndpointId"];
                /**
                 * @description The `_id` of the Endpoint API Key. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 650a8d2c6f1e4b0012ab34cd
                 */
                apiKeyId: components["parameters"]["ApiKeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key's metadata. */
            200: {
                headers: {
                    Vary: components["headers"]["VaryAccept"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EndpointApiKeyMetadata"];
                    "application/hal+json": components["schemas"]["HalEndpointApiKeyMetadata"];
                    "application/xml": components["schemas"]["EndpointApiKeyMetadata"];
                    "text/xml": components["schemas"]["EndpointApiKeyMetadata"];
                    "text/csv": components["schemas"]["CsvDocument"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["UnexpectedError"];
        };
    };
    deleteEndpointApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The Id of the Endpoint. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 64f1c2a9b8e7d6c5b4a39281
                 */
                endpointId: components["parameters"]["EndpointId"];
                /**
                 * @description The `_id` of the Endpoint API Key. Malformed is `400`; well-formed but unknown is `404`.
                 * @example 650a8d2c6f1e4b0012ab34cd
                 */
                apiKeyId: components["parameters"]["ApiKeyId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key was revoked. */
            204: {
                headers: {
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["UnexpectedError"];
        };
    };
}
