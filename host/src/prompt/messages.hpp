#pragma once

#include <string_view>

#include "prompt/prompter.hpp"

// The message catalog: every sentence a dialog can show, in Vietnamese and English. "{}" marks
// where a value goes. Texts are UTF-8 in NFC (precomposed letters), short, and avoid jargon:
// the reader is an official, not an engineer.
namespace kyso {

struct Messages {
    std::string_view title;
    std::string_view siteAsks;     // "Trang {} yêu cầu" — {} is the origin
    std::string_view programAsks;  // the same when the origin is not a web site (the CLI)
    std::string_view listCertificates;
    std::string_view signHash;
    std::string_view authenticate;
    std::string_view signPdf;        // {} document name
    std::string_view signDocument;   // a PDF without a name
    std::string_view signBatch;      // {} count
    std::string_view moreDocuments;  // {} count of documents not listed
    std::string_view siteSays;       // {} the site's own description
    std::string_view leftOut;        // after page text cut to fit: {} characters not shown
    std::string_view adds;           // heading of the text the signature adds to the document
    std::string_view certificate;    // {} holder
    std::string_view issuedBy;       // {} issuer, then {} expiry date
    std::string_view issuedByNoDate;
    std::string_view confirmAdvice;
    std::string_view
        noPinConsent;  // {} the OK label: on a token that asks no PIN, OK is the consent
    std::string_view pinConsent;
    std::string_view pinAgain;  // CKA_ALWAYS_AUTHENTICATE
    std::string_view pinPrompt;
    std::string_view wrongPin;
    std::string_view finalTry;
    std::string_view countLow;
    std::string_view emptyPin;
    std::string_view pinPad;
    std::string_view allow;
    std::string_view deny;
    std::string_view sign;
    std::string_view logIn;
    std::string_view ok;
    std::string_view cancel;
    std::string_view closeLabel;
    // signPrepared: a CAdES/PAdES signature whose signed attributes the site's server made.
    std::string_view signPrepared;
    std::string_view signPreparedNamed;  // {} document name
    std::string_view statedSigningTime;  // {} the signing-time the attributes state
};

const Messages& messages(Language lang);

}  // namespace kyso
