// Result<T>: a value or an Error carrying a human-readable message. Used for failed system calls
// and other recoverable conditions; user-facing program errors go through diag::Diagnostics.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sonde {

struct Error {
  std::string message;

  // "what: reason" — adds context in front of an existing error.
  Error wrap(const std::string& what) const { return Error{what + ": " + message}; }
};

// Error from errno, formatted as "what: strerror(errnum)".
Error errno_error(const std::string& what, int errnum);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}
  static Status success() { return Status(); }

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(failed_); return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace sonde
