#ifndef IMPRESS_CCRYPTO_H
#define IMPRESS_CCRYPTO_H
// OpenSSL's libcrypto, as Swift sees it. Functions that OpenSSL defines as macros get a
// plain wrapper here; everything else is called directly from ImpressCrypto.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rsa.h>
#include <openssl/pem.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#endif
