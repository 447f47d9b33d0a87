fn main() -> std::process::ExitCode {
    gouji::cli::main()
}
