#pragma once

#include <string>
#include <thread>
#include <vector>

#include "prompt/dialog_text.hpp"
#include "prompt/file_descriptor.hpp"
#include "prompt/prompter.hpp"

namespace kyso {

// A message shown by a pinentry (MESSAGE) on a thread of its own, so the caller goes on at
// once (the token waits for the PIN pad meanwhile). Destroying the notice closes the message:
// BYE, then SIGTERM, then SIGKILL; the process is reaped before the destructor returns.
class PinentryNotice final : public Prompter::Notice {
  public:
    PinentryNotice(std::string program, std::vector<std::string> options, DialogTexts texts);
    PinentryNotice(const PinentryNotice&) = delete;
    PinentryNotice& operator=(const PinentryNotice&) = delete;
    ~PinentryNotice() override;

  private:
    void show(const std::string& program, const std::vector<std::string>& options,
              const DialogTexts& texts) noexcept;

    FileDescriptor wakeRead_;  // becomes readable when the notice must close
    FileDescriptor wakeWrite_;
    std::thread worker_;  // declared last: started after, and joined before, the pipe goes
};

}  // namespace kyso
