#include "runtime/event_handler.h"

#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "runtime/output/printf_render.h"
#include "runtime/output/system_values.h"

namespace sonde {

EventHandler::EventHandler(const CompiledProgram& program, Output& output, MapAccessor& maps,
                           const ValueContext& values, FILE* err, bool warnings)
    : program_(program), output_(output), maps_(maps), values_(values), err_(err),
      warnings_(warnings) {}

void EventHandler::handle(const uint8_t* data, size_t size) {
  if (size < 8) return;
  if (exit_requested_ && ignore_after_exit_) return;
  uint64_t id;
  std::memcpy(&id, data, 8);
  if (id >= program_.actions.size()) return;
  handle_action(static_cast<size_t>(id), program_.actions[id], data + 8, size - 8);
}

uint64_t EventHandler::payload_u64(const Action& action, const uint8_t* payload, size_t i,
                                   uint64_t fallback) {
  const auto& fields = action.args.fields();
  if (i >= fields.size()) return fallback;
  uint64_t v = 0;
  std::memcpy(&v, payload + fields[i].offset, std::min<uint32_t>(8, fields[i].type->size()));
  uint32_t size = fields[i].type->size();
  if (size < 8 && fields[i].type->is_signed() && (v >> (size * 8 - 1)) & 1)
    v |= ~0ULL << (size * 8);
  return v;
}

const std::string& EventHandler::format_text(size_t action_id, const Action& action,
                                             const uint8_t* payload) {
  if (formats_.size() <= action_id) formats_.resize(program_.actions.size());
  auto& prepared = formats_[action_id];
  if (!prepared) {
    auto parsed = parse_format(action.format);
    prepared = std::make_unique<PreparedFormat>(parsed ? *parsed : ParsedFormat{});
  }
  text_.clear();
  prepared->render(text_, action.args, payload, values_);
  return text_;
}

void EventHandler::handle_action(size_t id, const Action& action, const uint8_t* payload,
                                 size_t size) {
  switch (action.kind) {
    case ActionKind::Printf:
      output_.printf_text(format_text(id, action, payload));
      break;
    case ActionKind::Print: {
      const auto& fields = action.args.fields();
      if (!fields.empty()) output_.value(*fields[0].type, payload + fields[0].offset);
      break;
    }
    case ActionKind::PrintMap: {
      MapSnapshot snap = maps_.read_for_print(action.map_index);
      output_.map(snap, payload_u64(action, payload, 0, 0), payload_u64(action, payload, 1, 1));
      break;
    }
    case ActionKind::ClearMap:
      maps_.clear(action.map_index);
      break;
    case ActionKind::ZeroMap:
      maps_.zero(action.map_index);
      break;
    case ActionKind::Exit:
      exit_requested_ = true;
      exit_code_ = static_cast<int>(payload_u64(action, payload, 0, 0));
      break;
    case ActionKind::Time: {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      output_.text_event("time", format_wall_time(action.format,
                                                  ts.tv_sec * 1000000000LL + ts.tv_nsec));
      break;
    }
    case ActionKind::Cat:
      cat_file(format_text(id, action, payload));
      break;
    case ActionKind::System:
      run_command(format_text(id, action, payload));
      break;
    case ActionKind::Join:
      join(action, payload, size);
      break;
    case ActionKind::Errorf:
    case ActionKind::Warnf:
      if (action.kind == ActionKind::Warnf && !warnings_) break;
      output_.program_message(action.kind == ActionKind::Errorf, action.where.location,
                              format_text(id, action, payload), action.where.filename,
                              action.where.line, action.where.column);
      break;
    case ActionKind::RuntimeWarning:
      runtime_warning(id, action);
      break;
    case ActionKind::ProcessSeen:
      if (values_.process_seen)
        values_.process_seen(static_cast<uint32_t>(payload_u64(action, payload, 0, 0)));
      break;
  }
}

// Payload: u64 element count, then 16 strings (emit_calls_output.cpp).
void EventHandler::join(const Action& action, const uint8_t* payload, size_t size) {
  const auto& fields = action.args.fields();
  if (fields.size() != 2 || !fields[1].type->is(TypeKind::Array)) return;
  const uint64_t count = payload_u64(action, payload, 0, 0);
  const Type& array = *fields[1].type;
  const uint32_t cap = array.element().size();
  const uint8_t* first = payload + fields[1].offset;
  std::string text;
  for (uint64_t i = 0; i < count && i < array.count(); ++i) {
    const uint8_t* s = first + i * cap;
    if (s + cap > payload + size) break;
    const void* nul = std::memchr(s, 0, cap);
    if (i) text += action.format;
    text.append(reinterpret_cast<const char*>(s),
                nul ? static_cast<size_t>(static_cast<const uint8_t*>(nul) - s) : cap);
  }
  output_.text_event("join", text);
}

void EventHandler::runtime_warning(size_t id, const Action& action) {
  if (!warnings_) return;
  // A full map would otherwise repeat its warning for every event.
  if (action.message.rfind("Map full", 0) == 0 && !map_full_reported_.insert(id).second) return;
  output_.runtime_warning(action);
}

void EventHandler::cat_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    output_.error_message("ERROR: failed to open file '" + path + "' (" + std::strerror(errno) +
                          ")");
    return;
  }
  uint64_t limit = program_.config.max_cat_bytes;
  std::string content(limit, '\0');
  in.read(content.data(), static_cast<std::streamsize>(limit));
  content.resize(static_cast<size_t>(in.gcount()));
  output_.text_event("cat", content);
}

void EventHandler::run_command(const std::string& command) {
  output_.flush();
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
  pclose(pipe);
  output_.text_event("syscall", text);
}

}  // namespace sonde
