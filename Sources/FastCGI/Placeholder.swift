// The FastCGI 1.0 protocol: records, name-value pairs, request assembly. Pure: no I/O.
enum FastCGIPlaceholder {}
