#ifndef IMPRESS_CCURL_H
#define IMPRESS_CCURL_H
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one
// non-variadic wrapper per argument type (as swift-corelibs-foundation does).
#include <curl/curl.h>

CURLcode impress_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode impress_curl_setopt_ptr(CURL *handle, CURLoption option, const void *value);
CURLcode impress_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode impress_curl_setopt_write_callback(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode impress_curl_setopt_header_callback(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *));
CURLcode impress_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif
