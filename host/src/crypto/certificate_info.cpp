#include "crypto/certificate_info.hpp"

#include <openssl/core_names.h>
#include <openssl/x509v3.h>

#include <array>
#include <map>
#include <mutex>

#include "core/error.hpp"
#include "core/openssl_handles.hpp"
#include "core/time_format.hpp"

namespace kyso {
namespace {

std::string nameEntry(const X509_NAME* name, int nid) {
    const int index = X509_NAME_get_index_by_NID(name, nid, -1);
    if (index < 0) {
        return {};
    }
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value);
    if (length < 0) {
        return {};
    }
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return out;
}

DistinguishedName readName(const X509_NAME* name) {
    DistinguishedName out;
    BioPtr bio(BIO_new(BIO_s_mem()));
    // RFC 2253 escaping, but keep UTF-8 as is instead of \XX escapes.
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    out.dn.assign(data, static_cast<std::size_t>(size));
    out.commonName = nameEntry(name, NID_commonName);
    out.organization = nameEntry(name, NID_organizationName);
    out.serialNumber = nameEntry(name, NID_serialNumber);
    return out;
}

std::time_t toTime(const ASN1_TIME* time) {
    std::tm tm{};
    ASN1_TIME_to_tm(time, &tm);
    return timegm(&tm);
}

std::vector<std::string> keyUsageNames(X509* cert) {
    static constexpr std::array<std::pair<std::uint32_t, const char*>, 9> kBits{{
        {KU_DIGITAL_SIGNATURE, "digitalSignature"},
        {KU_NON_REPUDIATION, "nonRepudiation"},
        {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
        {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
        {KU_KEY_AGREEMENT, "keyAgreement"},
        {KU_KEY_CERT_SIGN, "keyCertSign"},
        {KU_CRL_SIGN, "cRLSign"},
        {KU_ENCIPHER_ONLY, "encipherOnly"},
        {KU_DECIPHER_ONLY, "decipherOnly"},
    }};
    std::vector<std::string> out;
    const std::uint32_t usage = X509_get_key_usage(cert);
    if (usage == UINT32_MAX) {
        return out;  // no keyUsage extension: any use
    }
    for (const auto& [bit, name] : kBits) {
        if ((usage & bit) != 0) {
            out.emplace_back(name);
        }
    }
    return out;
}

std::vector<std::string> extendedKeyUsageNames(X509* cert) {
    static constexpr std::array<std::pair<std::uint32_t, const char*>, 5> kBits{{
        {XKU_SSL_CLIENT, "clientAuth"},
        {XKU_SSL_SERVER, "serverAuth"},
        {XKU_SMIME, "emailProtection"},
        {XKU_CODE_SIGN, "codeSigning"},
        {XKU_TIMESTAMP, "timeStamping"},
    }};
    std::vector<std::string> out;
    const std::uint32_t usage = X509_get_extended_key_usage(cert);
    if (usage == UINT32_MAX) {
        return out;
    }
    for (const auto& [bit, name] : kBits) {
        if ((usage & bit) != 0) {
            out.emplace_back(name);
        }
    }
    return out;
}

std::string curveName(const EVP_PKEY* key) {
    std::array<char, 64> group{};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(),
                                       &length) != 1) {
        return {};
    }
    std::string name(group.data(), length);
    if (name == "prime256v1" || name == "P-256") {
        return "P-256";
    }
    if (name == "secp384r1" || name == "P-384") {
        return "P-384";
    }
    if (name == "secp521r1" || name == "P-521") {
        return "P-521";
    }
    return name;
}

}  // namespace

CertificateInfo readCertificate(const Bytes& der) {
    const unsigned char* cursor = der.data();
    X509Ptr cert(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())));
    if (!cert || cursor != der.data() + der.size()) {
        throw Error(ErrorCode::InvalidRequest, "not a DER X.509 certificate");
    }
    CertificateInfo info;
    info.subject = readName(X509_get_subject_name(cert.get()));
    info.issuer = readName(X509_get_issuer_name(cert.get()));
    const ASN1_INTEGER* serial = X509_get0_serialNumber(cert.get());
    info.serialNumber = hexEncode(serial->data, static_cast<std::size_t>(serial->length));
    info.notBefore = toTime(X509_get0_notBefore(cert.get()));
    info.notAfter = toTime(X509_get0_notAfter(cert.get()));
    info.keyUsage = keyUsageNames(cert.get());
    info.extendedKeyUsage = extendedKeyUsageNames(cert.get());

    const EVP_PKEY* key = X509_get0_pubkey(cert.get());
    if (key == nullptr) {
        throw Error(ErrorCode::UnsupportedAlgorithm, "the certificate's public key is unreadable");
    }
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_RSA:
        case EVP_PKEY_RSA_PSS:
            info.keyType = KeyType::Rsa;
            break;
        case EVP_PKEY_EC:
            info.keyType = KeyType::Ec;
            info.curve = curveName(key);
            break;
        default:
            throw Error(ErrorCode::UnsupportedAlgorithm, "the key is neither RSA nor EC");
    }
    info.keyBits = EVP_PKEY_get_bits(key);
    return info;
}

CertificateInfo readCertificateCached(const std::string& thumbprint, const Bytes& der) {
    static std::mutex mutex;
    static std::map<std::string, CertificateInfo> cache;
    constexpr std::size_t kMaxEntries = 256;
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (const auto it = cache.find(thumbprint); it != cache.end()) {
            return it->second;
        }
    }
    CertificateInfo info = readCertificate(der);
    std::lock_guard<std::mutex> lock(mutex);
    if (cache.size() >= kMaxEntries) {
        cache.clear();  // a machine never has this many; start over rather than grow
    }
    cache.emplace(thumbprint, info);
    return info;
}

void requireValidAt(const CertificateInfo& info, const std::string& thumbprint, std::time_t when) {
    if (info.validAt(when)) {
        return;
    }
    const bool expired = when > info.notAfter;
    throw Error(ErrorCode::CertificateExpired,
                std::string("the certificate ") +
                    (expired ? "expired on " : "is valid only from ") +
                    isoLocalTime(expired ? info.notAfter : info.notBefore) + ": it cannot sign",
                {{"thumbprint", thumbprint},
                 {"expired", expired},
                 {"notBefore", isoLocalTime(info.notBefore)},
                 {"notAfter", isoLocalTime(info.notAfter)}});
}

nlohmann::json certificateJson(const CertificateInfo& info) {
    const auto name = [](const DistinguishedName& dn) {
        const auto orNull = [](const std::string& s) {
            return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
        };
        return nlohmann::json{{"dn", dn.dn},
                              {"commonName", orNull(dn.commonName)},
                              {"organization", orNull(dn.organization)},
                              {"serialNumber", orNull(dn.serialNumber)}};
    };
    nlohmann::json key{{"type", keyTypeName(info.keyType)}, {"bits", info.keyBits}};
    if (info.keyType == KeyType::Ec) {
        key["curve"] = info.curve;
    }
    return {{"subject", name(info.subject)},
            {"issuer", name(info.issuer)},
            {"serialNumber", info.serialNumber},
            {"notBefore", isoLocalTime(info.notBefore)},
            {"notAfter", isoLocalTime(info.notAfter)},
            {"expired", !info.validAt(std::time(nullptr))},
            {"key", key},
            {"keyUsage", info.keyUsage},
            {"extendedKeyUsage", info.extendedKeyUsage}};
}

}  // namespace kyso
