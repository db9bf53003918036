import ImpressCrypto
enum SigV4Placeholder {}
