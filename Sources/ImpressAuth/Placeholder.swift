import ImpressCrypto
enum AuthPlaceholder {}
