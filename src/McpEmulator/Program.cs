using AgentProvision.McpEmulator;

EmulatorHost.Build(args).Run();
