#include "sema/resolve_attach_points.h"

#include <cctype>

#include "probes/registry.h"

namespace sonde {

std::string substitute_positional(const std::string& raw, const std::vector<std::string>& args) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '$' && i + 1 < raw.size() && std::isdigit(static_cast<unsigned char>(raw[i + 1]))) {
      size_t j = i + 1;
      while (j < raw.size() && std::isdigit(static_cast<unsigned char>(raw[j]))) ++j;
      size_t n = std::stoul(raw.substr(i + 1, j - i - 1));
      if (n >= 1 && n <= args.size()) out += args[n - 1];
      i = j - 1;
      continue;
    }
    out += raw[i];
  }
  return out;
}

namespace {

// Expands one attach point; appends to `probe`. Failures are reported per missing_probes.
void expand_attach_point(const ast::AttachPoint& ap, const ProbeEnv& env, SemanticModel& model,
                         ProbeInfo& probe, Diagnostics& diags) {
  std::string text = substitute_positional(ap.raw, model.positional_args);
  auto parts = split_attach_point(text);
  const ProbeProvider* provider = parts.empty() ? nullptr : find_provider(parts[0]);
  if (!provider) {
    diags.error(ap.loc, "Invalid probe type: " + (parts.empty() ? text : parts[0]));
    return;
  }
  auto points = provider->expand(parts, env);
  if (!points) {
    switch (model.config.missing_probes) {
      case MissingProbes::Error:
        diags.error(ap.loc, points.error().message);
        break;
      case MissingProbes::Warn:
        diags.warning(ap.loc, points.error().message + " Skipping.");
        break;
      case MissingProbes::Ignore:
        break;
    }
    return;
  }
  for (auto& point : *points) {
    auto context = provider->context(point, env);
    if (!context) {
      diags.error(ap.loc, context.error().message);
      continue;
    }
    probe.points.push_back(std::move(point));
    probe.contexts.push_back(std::move(*context));
  }
}

}  // namespace

void resolve_attach_points(ast::Program& program, const ProbeEnv& env, SemanticModel& model,
                           Diagnostics& diags) {
  for (auto& probe_node : program.probes) {
    ProbeInfo probe;
    probe.probe = probe_node.get();
    for (const auto& ap : probe_node->attach_points)
      expand_attach_point(ap, env, model, probe, diags);
    if (probe.points.empty()) {
      if (!diags.has_errors()) diags.error(probe_node->loc, "Probe has no valid attach points.");
      continue;
    }
    model.probes.push_back(std::move(probe));
  }
}

}  // namespace sonde
