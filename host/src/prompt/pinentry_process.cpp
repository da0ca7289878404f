#include "prompt/pinentry_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#if __has_include(<linux/close_range.h>)
#include <linux/close_range.h>
#endif

#include <boost/filesystem/path.hpp>
#include <boost/process/child.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <boost/process/search_path.hpp>
#include <cerrno>
#include <cstring>
#include <thread>

#include "core/error.hpp"

namespace bp = boost::process;

namespace kyso {
namespace {

using Clock = PinentryProcess::Clock;

// Room for one whole line plus one read's worth after it, reserved once: the buffer that may
// hold the PIN's D line is never reallocated (which would leave an unwiped copy behind).
constexpr std::size_t kBufferBytes = 4 * PinentryProcess::kMaxLineBytes;

[[noreturn]] void fail(const std::string& message) {
    throw Error(ErrorCode::PromptFailed, message);
}

int millisecondsUntil(Clock::time_point deadline) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
        return 0;
    }
    return left > 60'000 ? 60'000 : static_cast<int>(left);  // re-checked in the caller's loop
}

void setFlags(int fd, int fdFlags, int statusFlags) {
    if (fd < 0) {
        return;
    }
    if (fdFlags != 0) {
        ::fcntl(fd, F_SETFD, ::fcntl(fd, F_GETFD) | fdFlags);
    }
    if (statusFlags != 0) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | statusFlags);
    }
}

// A write to a pipe whose reader is gone raises SIGPIPE, which would kill the host. Block it
// for this thread around the write and swallow the one it generated.
ssize_t writeWithoutSigpipe(int fd, const char* data, std::size_t size) {
    sigset_t pipeOnly;
    sigset_t previous;
    sigemptyset(&pipeOnly);
    sigaddset(&pipeOnly, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous);
    ssize_t written = ::write(fd, data, size);
    int error = errno;
    if (written < 0 && error == EPIPE) {
        timespec noWait{0, 0};
        while (sigtimedwait(&pipeOnly, nullptr, &noWait) > 0) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    errno = error;
    return written;
}

boost::filesystem::path resolveProgram(const std::string& program) {
    if (program.empty()) {
        fail("no pinentry program is configured or installed");
    }
    if (program.find('/') != std::string::npos) {
        if (::access(program.c_str(), X_OK) != 0) {
            fail("pinentry program " + program + " is missing or not executable");
        }
        return program;
    }
    boost::filesystem::path found = bp::search_path(program);
    if (found.empty()) {
        fail("pinentry program " + program + " was not found on PATH");
    }
    return found;
}

// Runs in the child between fork and exec: descriptors the host holds (the browser's pipes
// are already replaced; PKCS#11 sockets, other dialogs' pipes) must not leak into pinentry.
struct CloseInheritedDescriptors {
    template <class Executor>
    void operator()(Executor&) const {
#ifdef CLOSE_RANGE_CLOEXEC
        ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
#else
        for (int fd = 3; fd < 1024; ++fd) {
            ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
#endif
    }
};

// Boost.Process 1.74 forgets the forked child when exec fails (missing interpreter, not an
// executable...): reap it here, or every failed start leaves a zombie behind.
struct ReapFailedChild {
    template <class Executor>
    void operator()(Executor& executor, const std::error_code&) const {
        if (executor.pid > 0) {
            int status = 0;
            while (::waitpid(executor.pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }
};

}  // namespace

struct PinentryProcess::Impl {
    bp::pipe toChild;
    bp::pipe fromChild;
    bp::child child;
    SecureString pending;  // bytes read but not yet returned as a line
    bool endOfOutput = false;
    bool finished = false;

    bool waitForExit(std::chrono::milliseconds grace) {
        auto deadline = Clock::now() + grace;
        for (;;) {
            std::error_code ec;
            if (!child.running(ec) || ec) {
                return true;  // exited and reaped (ec: already reaped elsewhere)
            }
            if (Clock::now() >= deadline) {
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
};

PinentryProcess::PinentryProcess(const std::string& program) : impl_(std::make_unique<Impl>()) {
    boost::filesystem::path exe = resolveProgram(program);
    try {
        // Our ends must not leak into processes other threads start meanwhile.
        setFlags(impl_->toChild.native_sink(), FD_CLOEXEC, O_NONBLOCK);
        setFlags(impl_->fromChild.native_source(), FD_CLOEXEC, O_NONBLOCK);
        std::error_code ec;
        impl_->child = bp::child(exe, (bp::std_in < impl_->toChild),
                                 (bp::std_out > impl_->fromChild), (bp::std_err > bp::null),
                                 bp::extend::on_exec_setup = CloseInheritedDescriptors{},
                                 bp::extend::on_error = ReapFailedChild{}, ec);
        if (ec) {
            fail("cannot start pinentry program " + exe.string() + ": " + ec.message());
        }
    } catch (const bp::process_error& e) {
        fail("cannot start pinentry program " + exe.string() + ": " + e.what());
    }
    impl_->pending.buffer().reserve(kBufferBytes);
}

PinentryProcess::~PinentryProcess() {
    try {
        finish(std::chrono::milliseconds(0));
    } catch (...) {
        // Destructors never throw; finish() itself reports nothing worth dying for.
    }
}

void PinentryProcess::writeLine(std::string_view line, Clock::time_point deadline) {
    std::string data(line);
    data += '\n';
    int fd = impl_->toChild.native_sink();
    std::size_t sent = 0;
    while (sent < data.size()) {
        if (fd < 0) {
            fail("pinentry input is closed");
        }
        pollfd writable{fd, POLLOUT, 0};
        int ready = ::poll(&writable, 1, millisecondsUntil(deadline));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready == 0) {
            if (Clock::now() >= deadline) {
                throw Error(ErrorCode::Timeout, "pinentry did not read its input in time");
            }
            continue;
        }
        ssize_t written = writeWithoutSigpipe(fd, data.data() + sent, data.size() - sent);
        if (written < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                continue;
            }
            fail(std::string("pinentry closed its input: ") + std::strerror(errno));
        }
        sent += static_cast<std::size_t>(written);
    }
}

PinentryProcess::ReadResult PinentryProcess::readLine(SecureString& line,
                                                      Clock::time_point deadline, int stopFd) {
    std::string& buffer = impl_->pending.buffer();
    line.wipe();
    for (;;) {
        auto newline = buffer.find('\n');
        if (newline != std::string::npos) {
            std::size_t length = newline;
            if (length > 0 && buffer[length - 1] == '\r') {
                --length;
            }
            if (length > kMaxLineBytes) {
                fail("pinentry sent a line longer than Assuan allows");
            }
            line.buffer().reserve(kMaxLineBytes);
            line.buffer().assign(buffer, 0, length);
            // Shift the rest down in place; what it leaves behind is wiped with the buffer.
            buffer.erase(0, newline + 1);
            return ReadResult::Line;
        }
        if (buffer.size() > kMaxLineBytes) {
            fail("pinentry sent a line longer than Assuan allows");
        }
        if (impl_->endOfOutput) {
            return ReadResult::Closed;
        }
        pollfd fds[2] = {{impl_->fromChild.native_source(), POLLIN, 0}, {stopFd, POLLIN, 0}};
        int ready = ::poll(fds, stopFd >= 0 ? 2 : 1, millisecondsUntil(deadline));
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(std::string("waiting for pinentry failed: ") + std::strerror(errno));
        }
        if (stopFd >= 0 && (fds[1].revents & (POLLIN | POLLHUP)) != 0) {
            return ReadResult::Stopped;
        }
        if (ready == 0) {
            if (Clock::now() >= deadline) {
                return ReadResult::TimedOut;
            }
            continue;
        }
        // Read straight into the reserved buffer: no intermediate copy of a PIN anywhere.
        std::size_t old = buffer.size();
        std::size_t room = buffer.capacity() - old;
        buffer.resize(old + room);
        ssize_t got = ::read(impl_->fromChild.native_source(), &buffer[old], room);
        int error = errno;
        buffer.resize(got > 0 ? old + static_cast<std::size_t>(got) : old);
        // End of output, or a read error other than "try again", is the program going away.
        if (got == 0 || (got < 0 && error != EAGAIN && error != EINTR)) {
            impl_->endOfOutput = true;
        }
    }
}

void PinentryProcess::finish(std::chrono::milliseconds grace) {
    if (impl_->finished) {
        return;
    }
    impl_->finished = true;
    if (impl_->toChild.is_open()) {
        impl_->toChild.close();  // EOF on its stdin: a pinentry between dialogs exits at once
    }
    if (impl_->child.valid() && !impl_->waitForExit(grace)) {
        ::kill(impl_->child.id(), SIGTERM);
        if (!impl_->waitForExit(std::chrono::milliseconds(500))) {
            std::error_code ec;
            impl_->child.terminate(ec);  // SIGKILL and reap
        }
    }
    if (impl_->fromChild.is_open()) {
        impl_->fromChild.close();
    }
    impl_->pending.wipe();
}

}  // namespace kyso
