//! The `s247` binary: parse the command line, run it, turn the result into an exit code.
fn main() -> std::process::ExitCode {
    s247::app::main()
}
