// Prints an argon2id hash for the users file: npx tsx scripts/hash-password.ts < password.txt
// (reads the password from stdin so it never lands in shell history). bcrypt hashes already in a
// users file keep working; new ones should be argon2id.
import { hashPassword } from '../lib/auth/password-hash';

let input = '';
process.stdin.on('data', (d: Buffer) => (input += d.toString()));
process.stdin.on('end', () => void printHash());

async function printHash() {
  const password = input.replace(/\r?\n$/, '');
  if (password.length < 12) {
    console.error('use at least 12 characters');
    process.exit(1);
  }
  console.log(await hashPassword(password));
}
