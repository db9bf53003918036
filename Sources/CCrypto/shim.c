#include "CCrypto.h"
// Wrappers for OpenSSL entry points that exist only as macros.

int impress_evp_pkey_public_key_selection(void) { return EVP_PKEY_PUBLIC_KEY; }

EVP_PKEY *impress_rsa_generate(unsigned int bits) { return EVP_RSA_gen(bits); }

long impress_bio_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

int impress_param_bld_push_rsa_public(OSSL_PARAM_BLD *builder, const BIGNUM *n, const BIGNUM *e) {
    return OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, n) == 1
        && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, e) == 1;
}

EVP_PKEY_CTX *impress_pkey_ctx_new_rsa(void) { return EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL); }

OSSL_DECODER_CTX *impress_decoder_ctx_rsa_public_pem(EVP_PKEY **pkey) {
    return OSSL_DECODER_CTX_new_for_pkey(pkey, "PEM", NULL, "RSA", EVP_PKEY_PUBLIC_KEY, NULL, NULL);
}
