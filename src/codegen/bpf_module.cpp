#include "codegen/bpf_module.h"

#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Triple.h>

#include <cassert>
#include <mutex>

extern "C" {
void LLVMInitializeBPFTargetInfo();
void LLVMInitializeBPFTarget();
void LLVMInitializeBPFTargetMC();
void LLVMInitializeBPFAsmPrinter();
}

namespace sonde::codegen {

namespace {

constexpr const char* kTriple = "bpfel";

void initialise_bpf_target() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Only the BPF target: initialising every target costs startup time and memory.
    LLVMInitializeBPFTargetInfo();
    LLVMInitializeBPFTarget();
    LLVMInitializeBPFTargetMC();
    LLVMInitializeBPFAsmPrinter();
  });
}

// Collects backend errors instead of letting LLVM print them (or abort).
class CollectingHandler : public llvm::DiagnosticHandler {
 public:
  explicit CollectingHandler(std::vector<BpfModule::BackendError>& sink) : sink_(sink) {}
  bool handleDiagnostics(const llvm::DiagnosticInfo& info) override {
    if (info.getSeverity() != llvm::DS_Error) return true;
    BpfModule::BackendError error;
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::DiagnosticPrinterRawOStream printer(os);
    if (auto* unsupported = llvm::dyn_cast<llvm::DiagnosticInfoUnsupported>(&info)) {
      os << unsupported->getMessage();
      if (unsupported->isLocationAvailable()) {
        error.line = static_cast<int>(unsupported->getLocation().getLine());
        error.column = static_cast<int>(unsupported->getLocation().getColumn());
      }
    } else {
      info.print(printer);
    }
    error.message = os.str();
    sink_.push_back(error);
    return true;
  }

 private:
  std::vector<BpfModule::BackendError>& sink_;
};

}  // namespace

BpfModule::BpfModule(const SourceFile* source)
    : context_(std::make_unique<llvm::LLVMContext>()),
      module_(std::make_unique<llvm::Module>("sonde", *context_)) {
  initialise_bpf_target();
  context_->setDiagnosticHandler(std::make_unique<CollectingHandler>(backend_errors_));
  module_->setTargetTriple(kTriple);
  module_->setDataLayout("e-m:e-p:64:64-i64:64-i128:128-n32:64-S128");
  // BTF generation needs DWARF-style debug info; these flags make LLVM emit it.
  module_->addModuleFlag(llvm::Module::Warning, "Dwarf Version", 5);
  module_->addModuleFlag(llvm::Module::Warning, "Debug Info Version",
                         llvm::DEBUG_METADATA_VERSION);

  di_ = std::make_unique<llvm::DIBuilder>(*module_);
  std::string name = source ? source->name() : "sonde";
  // Embedding the source text lets the BTF line info (and so the verifier log) quote lines.
  std::optional<llvm::StringRef> text;
  if (source) text = llvm::StringRef(source->text());
  file_ = di_->createFile(name, ".", std::nullopt, text);
  cu_ = di_->createCompileUnit(llvm::dwarf::DW_LANG_C, file_, "sonde", true, "", 0);
  int_type_ = di_->createBasicType("int", 32, llvm::dwarf::DW_ATE_signed);
  ctx_type_ = di_->createPointerType(di_->createBasicType("char", 8, llvm::dwarf::DW_ATE_signed_char), 64);

  // License: GPL unlocks the tracing helpers.
  auto* license_init = llvm::ConstantDataArray::getString(*context_, "GPL", true);
  auto* license = new llvm::GlobalVariable(*module_, license_init->getType(), true,
                                           llvm::GlobalValue::ExternalLinkage, license_init,
                                           "LICENSE");
  license->setSection("license");
}

BpfModule::~BpfModule() = default;

// libbpf reads map attributes from BTF: a member `int (*name)[N]` encodes the value N.
llvm::DIType* BpfModule::map_member_type(uint32_t value) {
  auto* subrange = di_->getOrCreateSubrange(0, static_cast<int64_t>(value));
  auto* array = di_->createArrayType(static_cast<uint64_t>(value) * 32, 32, int_type_,
                                     di_->getOrCreateArray({subrange}));
  return di_->createPointerType(array, 64);
}

llvm::GlobalVariable* BpfModule::add_map(const MapDefinition& def) {
  // Every map struct has four pointer members (type, max_entries, key_size, value_size);
  // unused ones are omitted from the BTF description only.
  auto* ptr = llvm::PointerType::get(*context_, 0);
  auto* ir_type = llvm::StructType::get(*context_, std::vector<llvm::Type*>(4, ptr));
  auto* global = new llvm::GlobalVariable(*module_, ir_type, false,
                                          llvm::GlobalValue::ExternalLinkage,
                                          llvm::ConstantAggregateZero::get(ir_type), def.name);
  global->setSection(".maps");
  global->setAlignment(llvm::Align(8));
  maps_.emplace_back(global, def);
  return global;
}

MapDefinition& BpfModule::map_definition(const std::string& name) {
  for (auto& [global, def] : maps_)
    if (def.name == name) return def;
  assert(false && "unknown map");
  return maps_.front().second;
}

void BpfModule::describe_map(llvm::GlobalVariable* global, const MapDefinition& def) {
  struct Member {
    const char* name;
    uint32_t value;
  };
  std::vector<Member> members = {{"type", static_cast<uint32_t>(def.type)},
                                 {"max_entries", def.max_entries},
                                 {"key_size", def.key_size},
                                 {"value_size", def.value_size}};
  std::vector<llvm::Metadata*> elements;
  uint64_t offset = 0;
  for (const auto& m : members) {
    elements.push_back(di_->createMemberType(cu_, m.name, file_, 0, 64, 64, offset,
                                             llvm::DINode::FlagZero, map_member_type(m.value)));
    offset += 64;
  }
  auto* struct_type = di_->createStructType(cu_, "", file_, 0, offset, 64, llvm::DINode::FlagZero,
                                            nullptr, di_->getOrCreateArray(elements));
  auto* var = di_->createGlobalVariableExpression(cu_, def.name, "", file_, 0, struct_type, false);
  global->addDebugInfo(var);
}

llvm::Function* BpfModule::add_program(const std::string& name, const std::string& section) {
  auto* i64 = llvm::Type::getInt64Ty(*context_);
  auto* ptr = llvm::PointerType::get(*context_, 0);
  auto* fn_type = llvm::FunctionType::get(i64, {ptr}, false);
  auto* fn = llvm::Function::Create(fn_type, llvm::Function::ExternalLinkage, name, *module_);
  fn->setSection(section);
  fn->addFnAttr(llvm::Attribute::NoUnwind);  // otherwise an .eh_frame section appears
  fn->getArg(0)->setName("ctx");

  // Every function needs a DISubprogram once the module has a compile unit, and parameters
  // need names or the kernel rejects the BTF.
  auto* sub_type = di_->createSubroutineType(di_->getOrCreateTypeArray({int_type_, ctx_type_}));
  auto* sp = di_->createFunction(file_, name, name, file_, 1, sub_type, 1,
                                 llvm::DINode::FlagPrototyped, llvm::DISubprogram::SPFlagDefinition);
  fn->setSubprogram(sp);
  // AlwaysPreserve puts the parameter in the subprogram's retained nodes, where the BTF
  // emitter finds its name.
  di_->createParameterVariable(sp, "ctx", 1, file_, 1, ctx_type_, /*AlwaysPreserve=*/true);
  llvm::BasicBlock::Create(*context_, "entry", fn);
  return fn;
}

llvm::Function* BpfModule::add_map_callback(const std::string& name) {
  auto* i64 = llvm::Type::getInt64Ty(*context_);
  auto* ptr = llvm::PointerType::get(*context_, 0);
  auto* fn_type = llvm::FunctionType::get(i64, {ptr, ptr, ptr, ptr}, false);
  auto* fn = llvm::Function::Create(fn_type, llvm::Function::InternalLinkage, name, *module_);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  fn->addFnAttr(llvm::Attribute::NoInline);
  const char* names[] = {"map", "key", "value", "ctx"};
  std::vector<llvm::Metadata*> types = {int_type_};
  for (int i = 0; i < 4; ++i) types.push_back(ctx_type_);
  auto* sub_type = di_->createSubroutineType(di_->getOrCreateTypeArray(types));
  auto* sp = di_->createFunction(file_, name, name, file_, 1, sub_type, 1,
                                 llvm::DINode::FlagPrototyped,
                                 llvm::DISubprogram::SPFlagDefinition |
                                     llvm::DISubprogram::SPFlagLocalToUnit);
  fn->setSubprogram(sp);
  for (unsigned i = 0; i < 4; ++i) {
    fn->getArg(i)->setName(names[i]);
    di_->createParameterVariable(sp, names[i], i + 1, file_, 1, ctx_type_, true);
  }
  llvm::BasicBlock::Create(*context_, "entry", fn);
  return fn;
}

Status BpfModule::verify() const {
  std::string message;
  llvm::raw_string_ostream os(message);
  if (llvm::verifyModule(*module_, &os)) return Error{"LLVM IR verification failed: " + os.str()};
  return Status::success();
}

std::string BpfModule::ir_text() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  module_->print(os, nullptr);
  return os.str();
}

Result<std::vector<uint8_t>> BpfModule::emit_object() {
  for (auto& [global, def] : maps_) describe_map(global, def);
  di_->finalize();
  std::string error;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(kTriple, error);
  if (!target) return Error{"BPF target unavailable: " + error};
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      kTriple, "v3", "", options, std::nullopt, std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  module_->setDataLayout(machine->createDataLayout());

  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager pm;
  if (machine->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile))
    return Error{"the BPF target cannot emit an object file"};
  pm.run(*module_);
  return std::vector<uint8_t>(buffer.begin(), buffer.end());
}

}  // namespace sonde::codegen
