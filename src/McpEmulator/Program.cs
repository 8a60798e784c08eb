// placeholder, the emulator is being written
return 0;
