import KibaruCommands

/// The `kibaru` executable: everything is in ``KibaruCommand``, so tests can run the same commands.
@main
struct KibaruMain {
    static func main() async {
        await KibaruCommand.runAsMain()
    }
}
