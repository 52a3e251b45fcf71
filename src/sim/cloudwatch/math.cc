#include "sim/cloudwatch/math.h"

#include <cctype>
#include <variant>

#include <fmt/format.h>

#include "sim/wire/api_error.h"

namespace berth::sim {
namespace {

// A value of the expression language: a scalar or a series.
using Value = std::variant<double, MathSeries>;

class Parser {
 public:
  Parser(const std::string& text, const std::map<std::string, MathSeries>& series, int64_t start, int64_t end,
         int period)
      : s_(text), series_(series), start_(start), end_(end), period_(period) {}

  MathSeries Run() {
    Value v = Sum();
    Skip();
    if (pos_ != s_.size()) Fail("unexpected '" + s_.substr(pos_) + "'");
    if (auto* d = std::get_if<double>(&v)) {
      MathSeries out;  // a constant expression is a series on the grid
      for (int64_t t : Grid()) out[t] = *d;
      return out;
    }
    return std::get<MathSeries>(v);
  }

 private:
  [[noreturn]] void Fail(const std::string& why) {
    ThrowApiError(400, "ValidationError",
                  fmt::format("Error in expression '{}': {} (berth sim supports numbers, query ids, + - * /, "
                              "parentheses and FILL).",
                              s_, why));
  }
  void Skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    Skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::vector<int64_t> Grid() const {
    std::vector<int64_t> out;
    for (int64_t t = start_ / period_ * period_; t < end_; t += period_) out.push_back(t);
    return out;
  }

  static Value Apply(char op, const Value& a, const Value& b) {
    auto f = [op](double x, double y, bool* ok) {
      *ok = true;
      switch (op) {
        case '+': return x + y;
        case '-': return x - y;
        case '*': return x * y;
        default:
          if (y == 0) *ok = false;
          return y == 0 ? 0 : x / y;
      }
    };
    bool ok = true;
    if (std::holds_alternative<double>(a) && std::holds_alternative<double>(b)) {
      double v = f(std::get<double>(a), std::get<double>(b), &ok);
      return ok ? v : NAN;
    }
    MathSeries out;
    if (std::holds_alternative<MathSeries>(a) && std::holds_alternative<MathSeries>(b)) {
      const auto& sb = std::get<MathSeries>(b);
      for (const auto& [t, x] : std::get<MathSeries>(a))
        if (auto it = sb.find(t); it != sb.end())
          if (double v = f(x, it->second, &ok); ok) out[t] = v;
      return out;
    }
    bool series_left = std::holds_alternative<MathSeries>(a);
    const MathSeries& s = series_left ? std::get<MathSeries>(a) : std::get<MathSeries>(b);
    double k = series_left ? std::get<double>(b) : std::get<double>(a);
    for (const auto& [t, x] : s)
      if (double v = series_left ? f(x, k, &ok) : f(k, x, &ok); ok) out[t] = v;
    return out;
  }

  Value Sum() {
    Value v = Product();
    for (;;) {
      if (Eat('+'))
        v = Apply('+', v, Product());
      else if (Eat('-'))
        v = Apply('-', v, Product());
      else
        return v;
    }
  }
  Value Product() {
    Value v = Unary();
    for (;;) {
      if (Eat('*'))
        v = Apply('*', v, Unary());
      else if (Eat('/'))
        v = Apply('/', v, Unary());
      else
        return v;
    }
  }
  Value Unary() {
    if (Eat('-')) return Apply('*', Value(-1.0), Unary());
    return Atom();
  }
  Value Atom() {
    Skip();
    if (Eat('(')) {
      Value v = Sum();
      if (!Eat(')')) Fail("missing ')'");
      return v;
    }
    if (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) {
      size_t used = 0;
      double d = std::stod(s_.substr(pos_), &used);
      pos_ += used;
      return d;
    }
    size_t begin = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    std::string word = s_.substr(begin, pos_ - begin);
    if (word.empty()) Fail(pos_ < s_.size() ? "unexpected '" + std::string(1, s_[pos_]) + "'" : "unexpected end");
    if (word == "FILL") {
      if (!Eat('(')) Fail("FILL needs '('");
      Value series = Sum();
      if (!Eat(',')) Fail("FILL needs a series and a value");
      Value fill = Sum();
      if (!Eat(')')) Fail("missing ')'");
      if (!std::holds_alternative<MathSeries>(series) || !std::holds_alternative<double>(fill))
        Fail("FILL takes a series and a number");
      MathSeries out = std::get<MathSeries>(series);
      for (int64_t t : Grid()) out.try_emplace(t, std::get<double>(fill));
      return out;
    }
    auto it = series_.find(word);
    if (it == series_.end()) Fail("unknown id or function '" + word + "'");
    return it->second;
  }

  const std::string& s_;
  const std::map<std::string, MathSeries>& series_;
  int64_t start_, end_;
  int period_;
  size_t pos_ = 0;
};

}  // namespace

MathSeries EvaluateMetricMath(const std::string& expression, const std::map<std::string, MathSeries>& series,
                              int64_t start, int64_t end, int period) {
  return Parser(expression, series, start, end, period > 0 ? period : 60).Run();
}

}  // namespace berth::sim
