// Package svcacct is the service account managed object (svcacct) of the
// tenant API: its JSON shape and the validation of what clients send
// (TENANT-API.md §1, issue 2 point 5). One file per concern; Validate ties
// them together. Every refusal is a *crest.Error 400 whose detail names the
// field, e.g. {"code":400,"reason":"Bad Request","message":"...","detail":{"field":"name"}}.
//
// Choices where the reference is silent:
//   - name is trimmed (Unicode white space), 1–255 characters counted as runes,
//     any Unicode except control characters.
//   - description may be absent or null (stored as null) or a string of at
//     most 1000 runes, stored as sent.
//   - accountStatus defaults to "active"; Active/INACTIVE are accepted and
//     stored lower-case.
//   - scopes: at least one; each in the catalogue (package scopes), never a
//     restricted one; duplicates collapse, first occurrence order kept.
//   - jwks is required: a JSON string holding {"keys":[...]} with 1–20 public
//     RSA keys of 2048–8192 bits; kid, alg (RS256 only), use (sig only) and
//     other public members are optional. A private member anywhere (d, p, q,
//     dp, dq, qi, oth, k) refuses the whole body; the message never repeats
//     any of the key material, which is neither stored nor logged.
//   - _id and _rev in a body are not fields: the handlers check _id against
//     the URL (or, on create, use it when it is a UUID) and ignore _rev
//     (If-Match is the precondition). The server-set members maxCachingTime,
//     maxIdleTime, maxSessionTime and quotaLimit may be sent back unchanged
//     (as a GET-modify-PUT does); another value is refused as read-only.
//   - any other member is refused, naming it.
package svcacct
