// ReporterSink: the deploy engine's events (deploy/events.h) as berth's
// command-line output: the lines `berth deploy`, `wait` and `rollback` print,
// through the Reporter (text on a terminal or in a log, or JSON lines that
// carry each event's typed fields).
//
// Thread-safety: as the Reporter (safe from several threads).
#pragma once

#include "cli/command.h"
#include "deploy/events.h"

namespace berth::cli {

class ReporterSink final : public deploy::EventSink {
 public:
  // `show_plan`: print the plan when it is ready (deploy does; diff prints
  // the plan as its result instead).
  ReporterSink(const CommandContext& ctx, bool show_plan) : ctx_(ctx), show_plan_(show_plan) {}
  void OnEvent(const deploy::Event& event) override;

 private:
  const CommandContext& ctx_;
  bool show_plan_;
};

// The text line for one event ("" when the event prints nothing as text).
std::string EventText(const CommandContext& ctx, const deploy::Event& event, bool show_plan);

}  // namespace berth::cli
