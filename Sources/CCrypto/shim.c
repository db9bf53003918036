#include "CCrypto.h"
// Wrappers for OpenSSL entry points that exist only as macros.

int impress_evp_pkey_public_key_selection(void) { return EVP_PKEY_PUBLIC_KEY; }

EVP_PKEY *impress_rsa_generate(unsigned int bits) { return EVP_RSA_gen(bits); }

long impress_bio_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
