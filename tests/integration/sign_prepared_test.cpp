// signPrepared through the real host: the page sends CMS signed attributes its server made,
// the host reads them, refuses anything that is not a document signature by the chosen
// certificate (before any dialog), says in the dialog what is signed, and signs. The last test
// plays the whole server-assembled PAdES flow and lets pdfsig, mutool, qpdf and openssl judge.
#include <openssl/cms.h>
#include <openssl/objects.h>

#include <catch2/catch.hpp>

#include "crypto/signed_attributes.hpp"
#include "crypto/signed_data_draft.hpp"
#include "pdf_support.hpp"

using namespace kyso;
using namespace kyso::pdfit;
using nlohmann::json;

namespace {

const std::string kOrigin = "https://congvan.kyso.test";  // not in hashSigningOrigins

std::string pinFor(const json& id) {
    return "pin:" + test::tokenPin(id["token"]);
}

// The portal's server: a detached SignedData draft for `contentDigest` whose signed attributes
// (content-type id-data, message-digest, signing-certificate-v2) name `signer`'s certificate,
// made with the crypto room (what EU DSS's getDataToSign or pyHanko produce, in C++).
struct ServerDraft {
    SignedDataDraft draft;

    ServerDraft(const json& signer, const Bytes& contentDigest) {
        CadesRequest request;
        request.signerCertificate = test::readBinary(signer["certDer"]);
        request.chain.push_back(pdftest::pemCertificateDer(pdftest::pkiDir() / "intermediate.pem"));
        request.scheme =
            signer["keyType"] == "EC" ? SignatureScheme::Ecdsa : SignatureScheme::RsaPkcs1v15;
        draft = draftSignedData(request, contentDigest);
    }

    CMS_SignerInfo* signerInfo() const { return draft.signerInfo; }
    Bytes attributes() const { return signedAttributesDer(draft.signerInfo); }

    void remove(int nid) const {
        const int at = CMS_signed_get_attr_by_NID(draft.signerInfo, nid, -1);
        REQUIRE(at >= 0);
        X509_ATTRIBUTE_free(CMS_signed_delete_attr(draft.signerInfo, at));
    }
    void addObject(int nid, int valueNid) const {
        REQUIRE(CMS_signed_add1_attr_by_NID(draft.signerInfo, nid, V_ASN1_OBJECT,
                                            OBJ_nid2obj(valueNid), -1) == 1);
    }
    void addSigningTime(std::time_t when) const {
        ASN1_TIME* time = ASN1_UTCTIME_set(nullptr, when);
        REQUIRE(CMS_signed_add1_attr_by_NID(draft.signerInfo, NID_pkcs9_signingTime, V_ASN1_UTCTIME,
                                            time, -1) == 1);
        ASN1_TIME_free(time);
    }

    // The server puts the token's signature into the SignerInfo: the finished CMS (DER).
    Bytes assemble(const Bytes& signature) const {
        REQUIRE(ASN1_STRING_set(CMS_SignerInfo_get0_signature(draft.signerInfo), signature.data(),
                                static_cast<int>(signature.size())) == 1);
        unsigned char* der = nullptr;
        const int length = i2d_CMS_ContentInfo(draft.cms.get(), &der);
        REQUIRE(length > 0);
        Bytes out(der, der + length);
        OPENSSL_free(der);
        return out;
    }
};

json preparedParams(const json& id, const Bytes& data) {
    return {{"thumbprint", id["sha256"]},
            {"kind", "cms-signed-attributes"},
            {"data", base64Encode(data)}};
}

}  // namespace

TEST_CASE(
    "signPrepared refuses whatever is not a document's signed attributes for the chosen "
    "certificate, before any dialog",
    "[integration][prepared]") {
    const auto& id = test::identity("person-rsa2048");
    const auto& other = test::identity("person-rsa3072");
    const Bytes digest = sha256(Bytes{'p', 'd', 'f'});
    test::TestEnv env;
    env.script({pinFor(id)});  // had the host asked, it would have signed
    auto host = env.start();

    struct Case {
        std::string name;
        Bytes data;
        std::string hashAlgorithm = "SHA-256";
    };
    std::vector<Case> cases;
    {
        ServerDraft s(id, digest);
        s.remove(NID_pkcs9_contentType);
        cases.push_back({"no content-type", s.attributes()});
    }
    {
        ServerDraft s(id, digest);
        s.remove(NID_pkcs9_messageDigest);
        cases.push_back({"no message-digest", s.attributes()});
    }
    {
        ServerDraft s(id, Bytes(20, 0x42));  // a SHA-1-sized digest
        cases.push_back({"a message-digest of the wrong length", s.attributes()});
    }
    {
        ServerDraft s(id, digest);
        cases.push_back({"a SHA-256 message-digest called SHA-384", s.attributes(), "SHA-384"});
    }
    {
        ServerDraft s(id, digest);
        s.remove(NID_id_smime_aa_signingCertificateV2);
        cases.push_back({"no signing-certificate-v2", s.attributes()});
    }
    {
        ServerDraft s(other, digest);  // names another person's certificate
        cases.push_back({"signing-certificate-v2 of another certificate", s.attributes()});
    }
    {
        ServerDraft s(id, digest);
        auto data = s.attributes();
        data.push_back(0x00);
        data.push_back(0x00);
        cases.push_back({"trailing bytes", data});
    }
    {
        ServerDraft s(id, digest);
        s.remove(NID_pkcs9_contentType);
        s.addObject(NID_pkcs9_contentType, NID_pkcs7_signed);
        cases.push_back({"content-type signedData, not id-data", s.attributes()});
    }
    {
        ServerDraft s(id, digest);
        s.addObject(NID_pkcs9_contentType, NID_pkcs7_data);  // a second content-type attribute
        cases.push_back({"a second content-type", s.attributes()});
    }
    {
        // The same attributes in BER (indefinite length): a verifier re-encodes to DER and
        // would hash other bytes than the host signed.
        ServerDraft s(id, digest);
        const auto der = s.attributes();
        const std::size_t header = 2 + ((der[1] & 0x80) != 0 ? (der[1] & 0x7f) : 0);
        // 0x31 0x80 <the same elements> 0x00 0x00 (end-of-contents)
        Bytes ber(der.size() - header + 4, 0x00);
        ber[0] = 0x31;
        ber[1] = 0x80;
        std::copy(der.begin() + static_cast<std::ptrdiff_t>(header), der.end(), ber.begin() + 2);
        cases.push_back({"BER instead of DER", ber});
    }
    cases.push_back({"a SEQUENCE, not a SET", Bytes{0x30, 0x03, 0x02, 0x01, 0x01}});
    cases.push_back({"an empty SET", Bytes{0x31, 0x00}});

    for (const auto& c : cases) {
        DYNAMIC_SECTION(c.name) {
            auto params = preparedParams(id, c.data);
            params["hashAlgorithm"] = c.hashAlgorithm;
            const auto reply = host.call("signPrepared", params, kOrigin);
            INFO(reply.dump());
            REQUIRE(reply["type"] == "error");
            CHECK(reply["error"]["code"] == "INVALID_REQUEST");
            CHECK(reply["error"]["field"] == "params.data");
            CHECK_FALSE(reply["error"]["reason"].get<std::string>().empty());
            CHECK(env.dialogs().empty());
        }
    }
}

TEST_CASE("signPrepared checks its own parameters before any dialog", "[integration][prepared]") {
    const auto& id = test::identity("person-rsa2048");
    test::TestEnv env;
    auto host = env.start();
    const auto attributes = ServerDraft(id, sha256(Bytes{'x'})).attributes();

    auto params = preparedParams(id, attributes);
    params["kind"] = "xmldsig-signed-info";
    CHECK(host.call("signPrepared", params, kOrigin)["error"]["field"] == "params.kind");
    params = preparedParams(id, attributes);
    params.erase("data");
    CHECK(host.call("signPrepared", params, kOrigin)["error"]["field"] == "params.data");
    params = preparedParams(id, attributes);
    params["hashAlgorithm"] = "MD5";  // as signHash answers it
    CHECK(host.call("signPrepared", params, kOrigin)["error"]["code"] == "UNSUPPORTED_ALGORITHM");
    params = preparedParams(id, Bytes(65 * 1024, 0x31));
    CHECK(host.call("signPrepared", params, kOrigin)["error"]["field"] == "params.data");
    CHECK(env.dialogs().empty());
}

TEST_CASE(
    "signPrepared signs for any allowed origin, and the dialog says what kind of signature, "
    "the document's name and the stated signing time",
    "[integration][prepared]") {
    for (const char* name : {"person-rsa2048", "org-ec256"}) {
        DYNAMIC_SECTION(name) {
            const auto& id = test::identity(name);
            test::TestEnv env;
            setUpForVietnam(env);
            env.policy = nullptr;  // no digest signing for anyone: signPrepared does not need it
            env.script({pinFor(id)});
            auto host = env.start();

            ServerDraft server(id, sha256(Bytes{'t', 'o', 'k', 'h', 'a', 'i'}));
            server.addSigningTime(1768446245);  // 2026-01-15T03:04:05Z
            const auto attributes = server.attributes();
            auto params = preparedParams(id, attributes);
            params["documentName"] = "Tờ khai thuế 01/GTGT.pdf";
            params["description"] = "Nộp tờ khai quý I";
            const auto reply = host.call("signPrepared", params, kOrigin);
            INFO(reply.dump());
            REQUIRE(reply["type"] == "result");
            const auto& result = reply["result"];
            const bool ec = id["keyType"] == "EC";
            CHECK(result["hashAlgorithm"] == "SHA-256");
            CHECK(result["signatureScheme"] == (ec ? "ECDSA" : "RSA-PKCS1-v1_5"));
            CHECK(result["ecdsaFormat"] == (ec ? json("der") : json(nullptr)));
            CHECK(result["certificate"] == base64Encode(test::readBinary(id["certDer"])));
            const auto signature = base64Decode(result["signature"].get<std::string>(), "s");
            // The signature is over the hash of the attributes' DER, as CMS wants.
            const auto scheme = result["signatureScheme"].get<std::string>();
            CHECK(test::opensslVerifyDigest(id, sha256(attributes), "SHA-256", signature, scheme));
            CHECK_FALSE(
                test::opensslVerifyDigest(id, sha256(Bytes{'x'}), "SHA-256", signature, scheme));

            const auto dialogs = env.dialogs();
            REQUIRE(dialogs.size() == 1);
            const auto desc = dialogs[0]["desc"].get<std::string>();
            CHECK(desc.find(kOrigin) != std::string::npos);
            CHECK(desc.find("ký văn bản “Tờ khai thuế 01/GTGT.pdf” (chữ ký CAdES/PAdES do máy "
                            "chủ của trang chuẩn bị)") != std::string::npos);
            CHECK(desc.find("Thời điểm ký ghi trong chữ ký: 2026-01-15T10:04:05+07:00") !=
                  std::string::npos);
            CHECK(desc.find("Nộp tờ khai quý I") != std::string::npos);
            CHECK(desc.find(id["subjectCN"].get<std::string>()) != std::string::npos);
        }
    }
}

TEST_CASE(
    "a server-assembled PAdES signature: the server prepares the PDF and the signed "
    "attributes, the host signs them, the server assembles, pdfsig and openssl verify",
    "[integration][prepared][pdf]") {
    for (const char* name : {"person-rsa2048", "org-ec256"}) {
        DYNAMIC_SECTION(name) {
            const auto& id = test::identity(name);
            test::TestEnv env;
            env.policy = nullptr;
            env.script({pinFor(id)});
            auto host = env.start();

            // Server, step 1: the PDF with a signature placeholder (ByteRange, zeroed
            // /Contents) and the digest of its byte ranges.
            const Bytes input = pdftest::readFile(pdftest::inputPdf("simple.pdf"));
            pdf::PdfSignOptions options;
            options.reason = "Phê duyệt";
            options.signerName = id["subjectCN"];
            auto prepared = pdf::prepareSignature(pdf::InputView::of(input), options);
            REQUIRE(prepared.byteRangeDigest.size() == 32);

            // Server, step 2: the CAdES signed attributes over that digest.
            ServerDraft server(id, prepared.byteRangeDigest);
            const auto attributes = server.attributes();

            // The page: kyso.signPrepared(...) with the bytes.
            auto params = preparedParams(id, attributes);
            params["documentName"] = "simple.pdf";
            const auto reply = host.call("signPrepared", params, kOrigin);
            INFO(reply.dump());
            REQUIRE(reply["type"] == "result");
            const auto signature =
                base64Decode(reply["result"]["signature"].get<std::string>(), "s");

            // Server, step 3: the SignedData with that signature, into the placeholder.
            const Bytes cms = server.assemble(signature);
            pdf::embedCms(prepared, input.size(), cms);
            pdftest::TempDir dir;
            const auto file = dir / "signed.pdf";
            pdftest::writeFile(file, input, prepared.update);

            // Independent verifiers: pdfsig (valid, trusted, whole document), mutool, qpdf,
            // and `openssl cms -verify` of the extracted CMS against the test root.
            pdftest::checkSignatures(file, 1, prepared);
            std::string raw;
            CHECK(pdftest::opensslVerify(file, prepared, &raw));
            INFO(raw);
            const auto signatures = pdftest::pdfsig(file, &raw);
            REQUIRE(signatures.size() == 1);
            CHECK(signatures[0].valid);
            CHECK(signatures[0].signer == id["subjectCN"].get<std::string>());

            // The check can fail: one byte of the signed input changed breaks it.
            Bytes tampered = input;
            tampered[tampered.size() / 2] ^= 0x01;
            const auto broken = dir / "tampered.pdf";
            pdftest::writeFile(broken, tampered, prepared.update);
            const auto tamperedSignatures = pdftest::pdfsig(broken, &raw);
            CHECK((tamperedSignatures.empty() || !tamperedSignatures[0].valid));
        }
    }
}
