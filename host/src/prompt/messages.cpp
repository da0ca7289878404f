#include "prompt/messages.hpp"

namespace kyso {
namespace {

const Messages kVietnamese{
    /*title=*/"kyso — Ký số",
    /*siteAsks=*/"Trang {} yêu cầu",
    /*programAsks=*/"Chương trình {} yêu cầu",
    /*listCertificates=*/"xem danh sách chứng thư số trên thiết bị ký số (token) của bạn.",
    /*signHash=*/"ký số một dữ liệu.",
    /*authenticate=*/"đăng nhập bằng chứng thư số của bạn.",
    /*signPdf=*/"ký tài liệu “{}”.",
    /*signDocument=*/"ký một tài liệu PDF.",
    /*signBatch=*/"ký {} tài liệu:",
    /*moreDocuments=*/"… và {} tài liệu khác",
    /*siteSays=*/"Trang web ghi: “{}”",
    /*leftOut=*/"… (lược bớt {} ký tự)",
    /*adds=*/"Chữ ký sẽ thêm vào tài liệu:",
    /*certificate=*/"Chứng thư số: {}",
    /*issuedBy=*/"Do {} cấp, hết hạn ngày {}",
    /*issuedByNoDate=*/"Do {} cấp",
    /*confirmAdvice=*/"Chỉ đồng ý nếu bạn đang dùng trang này.",
    /*noPinConsent=*/"Thiết bị này không cần mã PIN: bấm “{}” nghĩa là bạn đồng ý.",
    /*pinConsent=*/"Nhập mã PIN nghĩa là bạn đồng ý.",
    /*pinAgain=*/"Chữ ký này cần nhập lại mã PIN.",
    /*pinPrompt=*/"Mã PIN:",
    /*wrongPin=*/"Mã PIN không đúng.",
    /*finalTry=*/"Còn 1 lần thử, nhập sai nữa token sẽ bị khóa.",
    /*countLow=*/"Số lần thử còn lại ít.",
    /*emptyPin=*/"Bạn chưa nhập mã PIN.",
    /*pinPad=*/"Hãy nhập mã PIN trên bàn phím của thiết bị.",
    /*allow=*/"Đồng ý",
    /*deny=*/"Từ chối",
    /*sign=*/"Ký",
    /*logIn=*/"Đăng nhập",
    /*ok=*/"Đồng ý",
    /*cancel=*/"Hủy",
    /*closeLabel=*/"Đóng",
    /*signPrepared=*/"ký văn bản (chữ ký CAdES/PAdES do máy chủ của trang chuẩn bị).",
    /*signPreparedNamed=*/"ký văn bản “{}” (chữ ký CAdES/PAdES do máy chủ của trang chuẩn bị).",
    /*statedSigningTime=*/"Thời điểm ký ghi trong chữ ký: {}",
};

const Messages kEnglish{
    /*title=*/"kyso — Digital signature",
    /*siteAsks=*/"The site {} asks to",
    /*programAsks=*/"The program {} asks to",
    /*listCertificates=*/"see the certificates on your signing device (token).",
    /*signHash=*/"sign data with your certificate.",
    /*authenticate=*/"log you in with your certificate.",
    /*signPdf=*/"sign the document “{}”.",
    /*signDocument=*/"sign a PDF document.",
    /*signBatch=*/"sign {} documents:",
    /*moreDocuments=*/"… and {} more documents",
    /*siteSays=*/"The site says: “{}”",
    /*leftOut=*/"… ({} characters left out)",
    /*adds=*/"The signature adds to the document:",
    /*certificate=*/"Certificate: {}",
    /*issuedBy=*/"Issued by {}, expires on {}",
    /*issuedByNoDate=*/"Issued by {}",
    /*confirmAdvice=*/"Allow only if you are using this site now.",
    /*noPinConsent=*/"This token needs no PIN: pressing “{}” means you agree.",
    /*pinConsent=*/"Entering your PIN means you agree.",
    /*pinAgain=*/"This signature needs your PIN again.",
    /*pinPrompt=*/"PIN:",
    /*wrongPin=*/"Wrong PIN.",
    /*finalTry=*/"1 try left: one more wrong PIN locks the token.",
    /*countLow=*/"Only a few tries left.",
    /*emptyPin=*/"You did not enter a PIN.",
    /*pinPad=*/"Enter your PIN on the device's keypad.",
    /*allow=*/"Allow",
    /*deny=*/"Deny",
    /*sign=*/"Sign",
    /*logIn=*/"Log in",
    /*ok=*/"OK",
    /*cancel=*/"Cancel",
    /*closeLabel=*/"Close",
    /*signPrepared=*/"sign a document (a CAdES/PAdES signature prepared by the site's server).",
    /*signPreparedNamed=*/
    "sign the document “{}” (a CAdES/PAdES signature prepared by the site's "
    "server).",
    /*statedSigningTime=*/"Signing time stated in the signature: {}",
};

}  // namespace

const Messages& messages(Language lang) {
    return lang == Language::En ? kEnglish : kVietnamese;
}

}  // namespace kyso
