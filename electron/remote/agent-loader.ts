// The node program bootstrap.ts's script execs on the remote, given as `node -e LOADER -- FILE MODE SIZE SHA PAYLOAD`.
// The cache file is not run by name: whoever can write the cache folder (a group-writable
// XDG_CACHE_HOME on a cluster, a planted file) could otherwise run code as the user. The
// loader reads the file once, checks its length and sha256, and compiles those very bytes
// in this process, so nothing can be swapped between the check and the run and node
// starts once. A copy that fails the check is a cache miss. A copy sent over stdin is
// kept with an atomic rename when the folder is the user's own (made private if others
// could write in it); when it is not, or the disk refuses it, the copy runs from memory
// and a warning says why.
// It also checks the node it runs on, so the script starts node once, not twice: it is
// written so that an old node (6 and later) reads it and says what is wrong, rather than
// stop at syntax it does not know.
// Like the script, this text holds no ' and no ! (csh and fish read it as sh does), and a
// backslash only before n (fish reads two as one).

/** Exits with 99 when `run` finds no good copy, 95 when the copy sent is incomplete or damaged, 98 on an old node (AGENT_EXIT). */
export const LOADER = [
  'if(+process.version.slice(1).split(".")[0]<20){process.stderr.write("runyard: no usable Node.js on "+require("os").hostname()+": "',
  '+process.execPath+" there is "+process.version+"; Runyard needs Node.js 20 or later (or set RUNYARD_REMOTE_NODE to another node).\\n");process.exit(98)}',
  'const fs=require("fs"),path=require("path"),crypto=require("crypto"),Module=require("module");',
  'const [file,mode,sizeWord,sha,payload]=process.argv.slice(1),size=+sizeWord,dir=path.dirname(file);',
  'const say=(s)=>process.stderr.write("runyard: "+s+"\\n");',
  'const sum=(b)=>crypto.createHash("sha256").update(b).digest("hex");',
  'const why=(e)=>({ENOSPC:"no space left on the device",EDQUOT:"over the disk quota",EROFS:"a read-only file system",',
  'EFBIG:"over the file size limit",EACCES:"permission denied",EPERM:"permission denied",ENOTDIR:"a part of it is not a folder"})[e.code]||e.message;',
  // The folder is trusted only when it is ours alone: another user who can write it can replace a file we keep.
  'function untrusted(){',
  'if(path.isAbsolute(file)){}else return "its path "+file+" is not absolute";',
  'try{fs.mkdirSync(dir,{recursive:true,mode:0o700})}catch(e){return "cannot create "+dir+" ("+why(e)+")"}',
  'let s;try{s=fs.statSync(dir)}catch(e){return "cannot read "+dir+" ("+why(e)+")"}',
  'if(s.isDirectory()){}else return dir+" is not a folder";',
  'if(s.uid==process.getuid()){}else return dir+" belongs to another user (uid "+s.uid+")";',
  // Ours but open to others (umask 002 is common on clusters): made private, since what is in it is checked anyway.
  'if(s.mode&0o22){const was=(s.mode&0o777).toString(8);try{fs.chmodSync(dir,0o700);s=fs.statSync(dir)}catch(x){}',
  'if(s.mode&0o22)return dir+" can be written by other users (mode "+was+")";',
  'say("made "+dir+" private: other users could write in it (mode "+was+")")}',
  'return ""}',
  // O_NONBLOCK: a planted fifo must not hang the open; only a regular file of the right size is read.
  'function cached(){let fd;try{fd=fs.openSync(file,fs.constants.O_RDONLY|fs.constants.O_NONBLOCK)}catch(x){return null}',
  'try{const s=fs.fstatSync(fd);if(s.isFile()&&s.size==size){}else return null;',
  'const b=Buffer.alloc(size);let o=0,r=1;while(o<size&&r>0){r=fs.readSync(fd,b,o,size-o,null);o+=r}',
  'return o==size&&sum(b)==sha?b:null}catch(x){return null}finally{fs.closeSync(fd)}}',
  // Exactly SIZE bytes: what follows on stdin is the command of the agent.
  'function receive(){const b=Buffer.alloc(size);let o=0;',
  'while(o<size){let r=0;try{r=fs.readSync(0,b,o,size-o,null)}catch(e){',
  'if(e.code=="EAGAIN"){Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,5);continue}throw e}if(r==0)break;o+=r}',
  'if(o<size){say("the agent arrived incomplete ("+o+" of "+size+" bytes); nothing was run");process.exit(95)}',
  'if(sum(b)==sha)return b;say("the agent arrived damaged (its checksum does not match); nothing was run");process.exit(95)}',
  // A second copy racing this one writes its own temporary file; the rename replaces a bad copy whole.
  'function keep(b){const t=file+"."+process.pid+"."+crypto.randomBytes(6).toString("hex")+".tmp";let fd=-1;',
  'try{fd=fs.openSync(t,"wx",0o600);let o=0;while(o<b.length)o+=fs.writeSync(fd,b,o,b.length-o);',
  'fs.fsyncSync(fd);fs.closeSync(fd);fd=-1;fs.renameSync(t,file);return ""}catch(e){',
  'if(fd>=0)try{fs.closeSync(fd)}catch(x){}try{fs.unlinkSync(t)}catch(x){}return "cannot write "+file+" ("+why(e)+")"}}',
  // The agent sees what `node FILE PAYLOAD` would show it: its argv, require.main, no -e (commander reads that).
  'function run(b){process.argv=[process.argv[0],file,payload];process.execArgv=[];',
  'const m=new Module(file,null);m.filename=file;m.id=".";m.paths=Module._nodeModulePaths(dir);',
  'process.mainModule=m;Module._cache[file]=m;m._compile(b.toString("utf8"),file);m.loaded=true}',
  'const bad=untrusted();let b=bad||mode=="install"?null:cached();',
  'if(b){if(mode=="auto")process.stderr.write("runyard-agent-ready\\n")}',
  'else if(mode=="run")process.exit(99);',
  'else{if(mode=="auto")process.stderr.write("runyard-agent-send\\n");b=receive();',
  'const no=bad||keep(b);',
  'if(no)say("not keeping the agent in the cache: "+no+"; running it this once from memory, it will be sent again next time")}',
  'run(b);',
].join('');
