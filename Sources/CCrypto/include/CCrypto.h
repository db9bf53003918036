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
#include <openssl/decoder.h>
#include <openssl/bio.h>

// EVP_PKEY_PUBLIC_KEY is an expression macro (a bit-or of selections) Swift cannot import.
int impress_evp_pkey_public_key_selection(void);

// EVP_RSA_gen is a macro over the variadic EVP_PKEY_Q_keygen.
EVP_PKEY *impress_rsa_generate(unsigned int bits);

// BIO_get_mem_data is a macro over BIO_ctrl; returns the length, sets *data.
long impress_bio_mem_data(BIO *bio, char **data);

// OpenSSL keeps the name pointers passed below beyond the call (OSSL_PARAM_BLD stores the
// key string; an EVP_PKEY_CTX keeps its key type name), so they must be static C strings,
// which a Swift String bridged for one call is not.

// Pushes OSSL_PKEY_PARAM_RSA_N and OSSL_PKEY_PARAM_RSA_E.
int impress_param_bld_push_rsa_public(OSSL_PARAM_BLD *builder, const BIGNUM *n, const BIGNUM *e);

// EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL).
EVP_PKEY_CTX *impress_pkey_ctx_new_rsa(void);

// A decoder of PEM RSA public keys (SubjectPublicKeyInfo or PKCS#1) into *pkey.
OSSL_DECODER_CTX *impress_decoder_ctx_rsa_public_pem(EVP_PKEY **pkey);

#endif
