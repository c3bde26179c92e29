package dev.cairn.issuance;

/** The key type of Cairn's root and intermediate CA keys. */
public enum CaKeyAlgorithm {
    ECDSA_P256,
    ECDSA_P384,
    RSA_2048,
    RSA_3072,
    RSA_4096
}
